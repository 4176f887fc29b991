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

#[cfg(test)]
mod tests {
    #[test]
    fn unknown_regions_have_no_price_rather_than_a_guess() {
        assert_eq!(super::ec2_hourly("us-east-1", "t3.micro"), Some(0.0104));
        assert_eq!(super::ec2_hourly("ap-southeast-7", "t3.micro"), None);
        assert_eq!(super::ec2_hourly("us-east-1", "x9.huge"), None);
    }
}
