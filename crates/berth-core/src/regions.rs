//! The public AWS regions Berth offers in its region pickers. Any other region code can
//! still be typed; this list only saves typing.

use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
pub struct RegionInfo {
    pub code: &'static str,
    pub name: &'static str,
}

pub const REGIONS: &[RegionInfo] = &[
    RegionInfo { code: "us-east-1", name: "US East (N. Virginia)" },
    RegionInfo { code: "us-east-2", name: "US East (Ohio)" },
    RegionInfo { code: "us-west-1", name: "US West (N. California)" },
    RegionInfo { code: "us-west-2", name: "US West (Oregon)" },
    RegionInfo { code: "af-south-1", name: "Africa (Cape Town)" },
    RegionInfo { code: "ap-east-1", name: "Asia Pacific (Hong Kong)" },
    RegionInfo { code: "ap-south-1", name: "Asia Pacific (Mumbai)" },
    RegionInfo { code: "ap-south-2", name: "Asia Pacific (Hyderabad)" },
    RegionInfo { code: "ap-northeast-1", name: "Asia Pacific (Tokyo)" },
    RegionInfo { code: "ap-northeast-2", name: "Asia Pacific (Seoul)" },
    RegionInfo { code: "ap-northeast-3", name: "Asia Pacific (Osaka)" },
    RegionInfo { code: "ap-southeast-1", name: "Asia Pacific (Singapore)" },
    RegionInfo { code: "ap-southeast-2", name: "Asia Pacific (Sydney)" },
    RegionInfo { code: "ap-southeast-3", name: "Asia Pacific (Jakarta)" },
    RegionInfo { code: "ap-southeast-4", name: "Asia Pacific (Melbourne)" },
    RegionInfo { code: "ca-central-1", name: "Canada (Central)" },
    RegionInfo { code: "ca-west-1", name: "Canada West (Calgary)" },
    RegionInfo { code: "eu-central-1", name: "Europe (Frankfurt)" },
    RegionInfo { code: "eu-central-2", name: "Europe (Zurich)" },
    RegionInfo { code: "eu-west-1", name: "Europe (Ireland)" },
    RegionInfo { code: "eu-west-2", name: "Europe (London)" },
    RegionInfo { code: "eu-west-3", name: "Europe (Paris)" },
    RegionInfo { code: "eu-north-1", name: "Europe (Stockholm)" },
    RegionInfo { code: "eu-south-1", name: "Europe (Milan)" },
    RegionInfo { code: "eu-south-2", name: "Europe (Spain)" },
    RegionInfo { code: "il-central-1", name: "Israel (Tel Aviv)" },
    RegionInfo { code: "me-south-1", name: "Middle East (Bahrain)" },
    RegionInfo { code: "me-central-1", name: "Middle East (UAE)" },
    RegionInfo { code: "sa-east-1", name: "South America (São Paulo)" },
];
