//! Public on-demand prices Berth shows before anything is created, kept in the
//! repository with the date they were read. A region without a table says so; Berth does
//! not guess a price.

/// When the table was read from AWS's public on-demand pricing pages.
pub const PRICES_AS_OF: &str = "2026-11-01";

/// Linux on-demand USD per hour in us-east-1 (N. Virginia).
const EC2_US_EAST_1: &[(&str, f64)] = &[
    ("t2.micro", 0.0116),
    ("t2.small", 0.023),
    ("t2.medium", 0.0464),
    ("t2.large", 0.0928),
    ("t3.nano", 0.0052),
    ("t3.micro", 0.0104),
    ("t3.small", 0.0208),
    ("t3.medium", 0.0416),
    ("t3.large", 0.0832),
    ("t3.xlarge", 0.1664),
    ("t4g.nano", 0.0042),
    ("t4g.micro", 0.0084),
    ("t4g.small", 0.0168),
    ("t4g.medium", 0.0336),
    ("t4g.large", 0.0672),
    ("m5.large", 0.096),
    ("m5.xlarge", 0.192),
    ("m5.2xlarge", 0.384),
    ("m6i.large", 0.096),
    ("m6i.xlarge", 0.192),
    ("m7g.large", 0.0816),
    ("m7g.xlarge", 0.1632),
    ("c6i.large", 0.085),
    ("c6i.xlarge", 0.17),
    ("r6i.large", 0.126),
    ("r6i.xlarge", 0.252),
];

/// The hourly on-demand price of a Linux instance, if the table has its region and type.
pub fn ec2_hourly(region: &str, instance_type: &str) -> Option<f64> {
    match region {
        "us-east-1" => EC2_US_EAST_1.iter().find(|(t, _)| *t == instance_type).map(|(_, p)| *p),
        _ => None,
    }
}

/// Fargate Linux on-demand in us-east-1, USD: per vCPU-hour and per GB-hour, by architecture.
const FARGATE_US_EAST_1: &[(&str, f64, f64)] = &[("X86_64", 0.04048, 0.004445), ("ARM64", 0.03238, 0.00356)];
/// An Application Load Balancer's hour, and one LCU-hour of its traffic, in us-east-1.
const ALB_HOUR_US_EAST_1: f64 = 0.0225;
const ALB_LCU_HOUR_US_EAST_1: f64 = 0.008;
/// A public IPv4 address's hour (each task given a public IP, each ALB address).
const PUBLIC_IPV4_HOUR: f64 = 0.005;
/// CloudWatch Logs: per GB ingested, per GB-month stored (us-east-1, standard class).
pub const LOGS_INGESTED_GB: f64 = 0.50;
pub const LOGS_STORED_GB_MONTH: f64 = 0.03;
/// ECR private repository storage, per GB-month.
pub const ECR_STORAGE_GB_MONTH: f64 = 0.10;
/// Hours in AWS's billing month, as its calculator counts them.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Fargate's (per vCPU-hour, per GB-hour) for an architecture, if the table has the region.
pub fn fargate_hourly(region: &str, architecture: &str) -> Option<(f64, f64)> {
    match region {
        "us-east-1" => FARGATE_US_EAST_1.iter().find(|(a, ..)| a.eq_ignore_ascii_case(architecture)).map(|(_, v, g)| (*v, *g)),
        _ => None,
    }
}

/// An ALB's (hour, LCU-hour), if the table has the region.
pub fn alb_hourly(region: &str) -> Option<(f64, f64)> {
    (region == "us-east-1").then_some((ALB_HOUR_US_EAST_1, ALB_LCU_HOUR_US_EAST_1))
}

/// A public IPv4 address's hour: one price in every commercial region.
pub fn public_ipv4_hourly() -> f64 {
    PUBLIC_IPV4_HOUR
}

/// One thing that costs money while it runs.
#[derive(Debug, Clone, serde::Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CostLine {
    pub item: String,
    /// How the figure is made, e.g. "3 tasks × 0.25 vCPU × $0.04048".
    pub detail: String,
    /// None when the table has no price for the region.
    pub hourly: Option<f64>,
}

/// What leaving something running costs, by the public on-demand prices in the table.
#[derive(Debug, Clone, serde::Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    pub region: String,
    pub lines: Vec<CostLine>,
    /// The sum, when every line has a price.
    pub hourly: Option<f64>,
    pub monthly: Option<f64>,
    pub prices_as_of: String,
    /// What the figure leaves out (traffic-priced parts, the region's table missing).
    pub notes: Vec<String>,
}

impl Estimate {
    pub fn new(region: &str, lines: Vec<CostLine>, mut notes: Vec<String>) -> Estimate {
        let hourly = lines.iter().map(|l| l.hourly).sum::<Option<f64>>();
        if hourly.is_none() {
            notes.push(format!("Berth's price table has no prices for {region}, so it gives no total rather than a guess."));
        }
        Estimate {
            region: region.to_string(),
            lines,
            hourly,
            monthly: hourly.map(|h| h * HOURS_PER_MONTH),
            prices_as_of: PRICES_AS_OF.to_string(),
            notes,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn unknown_regions_have_no_price_rather_than_a_guess() {
        assert_eq!(super::ec2_hourly("us-east-1", "t3.micro"), Some(0.0104));
        assert_eq!(super::ec2_hourly("ap-southeast-7", "t3.micro"), None);
        assert_eq!(super::ec2_hourly("us-east-1", "x9.huge"), None);
        assert_eq!(super::fargate_hourly("eu-west-3", "X86_64"), None);
    }

    #[test]
    fn an_estimate_sums_its_lines_or_says_why_not() {
        let line = |h| super::CostLine { item: "x".into(), detail: "y".into(), hourly: h };
        let known = super::Estimate::new("us-east-1", vec![line(Some(0.1)), line(Some(0.05))], vec![]);
        assert!((known.hourly.unwrap() - 0.15).abs() < 1e-9);
        assert!((known.monthly.unwrap() - 109.5).abs() < 1e-9);
        let unknown = super::Estimate::new("eu-west-3", vec![line(Some(0.1)), line(None)], vec![]);
        assert_eq!((unknown.hourly, unknown.monthly), (None, None));
        assert!(unknown.notes[0].contains("no prices for eu-west-3"));
    }
}
