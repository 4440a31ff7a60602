//! CIDR arithmetic for network constructs: parsing with a construct path in the error, and carving a block
//! into equal subnets, deterministically.

use ipnet::{IpNet, Ipv4Net};
use konductor_core::{Error, Result};

/// Parses an IPv4 CIDR block; the error names the construct path and the bad value.
///
/// ```
/// use konductor_aws::network::cidr::parse;
/// assert_eq!(parse("network/vpc", "10.20.0.0/16").unwrap().to_string(), "10.20.0.0/16");
/// let e = parse("network/vpc", "10.20.0.0/33").unwrap_err().to_string();
/// assert!(e.starts_with("[network/vpc] `10.20.0.0/33` is not an IPv4 CIDR block"), "{e}");
/// ```
pub fn parse(path: &str, text: &str) -> Result<Ipv4Net> {
    let net: Ipv4Net = text.parse().map_err(|_| {
        Error::invalid(
            path,
            format!("`{text}` is not an IPv4 CIDR block"),
            "write it as ADDRESS/PREFIX, e.g. 10.0.0.0/16",
        )
    })?;
    if net.trunc() != net {
        return Err(Error::invalid(
            path,
            format!("`{text}` has host bits set"),
            format!("use the network address: {}", net.trunc()),
        ));
    }
    Ok(net)
}

/// Parses an IPv4 or IPv6 block of list `list`; the error names the path, the list and the value.
pub(crate) fn parse_any(path: &str, list: &str, text: &str) -> Result<IpNet> {
    let net: IpNet = text.parse().map_err(|_| {
        Error::invalid(
            path,
            format!("`{text}` in {list} is not a CIDR block"),
            "write it as ADDRESS/PREFIX, e.g. 10.0.0.0/16 or 2001:db8::/32",
        )
    })?;
    if net.trunc() != net {
        return Err(Error::invalid(
            path,
            format!("`{text}` in {list} has host bits set"),
            format!("use the network address: {}", net.trunc()),
        ));
    }
    Ok(net)
}

/// The smallest number of extra prefix bits that makes `count` subnets.
pub(crate) fn bits_for(count: usize) -> u8 {
    let mut bits = 0u8;
    while (1usize << bits) < count {
        bits += 1;
    }
    bits
}

/// Splits `block` into `count` equal subnets (the first `count` of the smallest power-of-two split), in
/// address order. `what` describes the split for the error (`3 AZs x 3 tiers`); `min_prefix` is the longest
/// prefix a subnet may have (AWS subnets are /28 at the smallest).
///
/// ```
/// use konductor_aws::network::cidr::{parse, split};
/// let vpc = parse("n/vpc", "10.0.0.0/16").unwrap();
/// let nets = split("n/vpc", vpc, 9, "3 AZs x 3 tiers", 28).unwrap();
/// assert_eq!(nets[0].to_string(), "10.0.0.0/20");
/// assert_eq!(nets[8].to_string(), "10.0.128.0/20");
/// let e = split("n/vpc", parse("n/vpc", "10.0.0.0/26").unwrap(), 9, "3 AZs x 3 tiers", 28).unwrap_err();
/// assert_eq!(e.to_string(), "[n/vpc] cidr 10.0.0.0/26 is too small for 3 AZs x 3 tiers: use /24 or larger");
/// ```
pub fn split(path: &str, block: Ipv4Net, count: usize, what: &str, min_prefix: u8) -> Result<Vec<Ipv4Net>> {
    let bits = bits_for(count.max(1));
    let prefix = block.prefix_len() + bits;
    if prefix > min_prefix {
        let needed = min_prefix.saturating_sub(bits);
        return Err(Error::invalid(
            path,
            format!("cidr {block} is too small for {what}"),
            format!("use /{needed} or larger"),
        ));
    }
    let subnets = block.subnets(prefix).map_err(|_| {
        Error::invalid(path, format!("cidr {block} cannot be split into /{prefix}"), "use a shorter prefix")
    })?;
    Ok(subnets.take(count).collect())
}

/// Whether two blocks share any address.
pub fn overlaps(a: Ipv4Net, b: Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_are_deterministic_and_in_order() {
        let vpc = parse("p", "10.20.0.0/16").unwrap();
        let a: Vec<String> = split("p", vpc, 6, "x", 28).unwrap().iter().map(|n| n.to_string()).collect();
        assert_eq!(
            a,
            ["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19", "10.20.96.0/19", "10.20.128.0/19", "10.20.160.0/19"]
        );
    }

    #[test]
    fn too_small_says_which_prefix_fits() {
        let e = split("net/vpc", parse("p", "10.0.0.0/27").unwrap(), 4, "2 AZs x 2 tiers", 28).unwrap_err();
        assert_eq!(e.to_string(), "[net/vpc] cidr 10.0.0.0/27 is too small for 2 AZs x 2 tiers: use /26 or larger");
        // /25 in four is four /27s: it fits.
        assert_eq!(split("net/vpc", parse("p", "10.0.0.0/25").unwrap(), 4, "x", 28).unwrap().len(), 4);
    }

    #[test]
    fn host_bits_and_garbage_are_rejected() {
        assert!(parse("p", "10.0.0.1/16").unwrap_err().to_string().contains("use the network address: 10.0.0.0/16"));
        assert!(parse("p", "ten/8").is_err());
    }

    #[test]
    fn overlap() {
        let a = parse("p", "10.0.0.0/16").unwrap();
        assert!(overlaps(a, parse("p", "10.0.128.0/17").unwrap()));
        assert!(!overlaps(a, parse("p", "10.1.0.0/16").unwrap()));
    }
}
