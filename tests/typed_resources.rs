//! Typed resources declared with the macros, as a user of the facade would declare their own.

use std::collections::BTreeMap;

use konductor::prelude::*;
use konductor::{assert_has_resource, block, resource, testing, Json};

static DEMO: konductor::ProviderInfo =
    konductor::ProviderInfo { name: "demo", source: "example/demo", version: "1.2.3" };

/// A bucket, as a user would describe a resource type konductor has no binding for.
#[resource(type = "demo_bucket", provider = DEMO)]
pub struct DemoBucket {
    /// The bucket's physical name.
    pub bucket: Option<Name>,
    pub tags: Option<BTreeMap<String, String>>,
    #[pin(true)]
    pub force_destroy: Option<bool>,
    pub versioning: Option<Versioning>,
    pub rule: Option<Vec<Rule>>,
    pub policy: Option<Json>,
    #[computed]
    pub arn: Option<String>,
}

#[block]
pub struct Versioning {
    pub status: String,
    pub mfa_delete: Option<String>,
}

#[block(object)]
pub struct Rule {
    pub days: Option<f64>,
    pub prefix: Option<String>,
}

#[resource(type = "demo_subnet")]
pub struct DemoSubnet {
    pub vpc_id: String,
    pub cidr_block: String,
    pub map_public_ip_on_launch: Option<bool>,
}

#[test]
fn typed_resource_writes_setters_pins_blocks_and_objects() {
    let json = testing::synth(|stack| {
        let b = DemoBucket::builder(stack, "logs")
            .bucket(stack.name("logs"))
            .tags([("Team", "platform")])
            .versioning(Versioning::builder().status("Enabled").build())
            .rule(vec![Rule::builder().days(30).build()])
            .build();
        DemoSubnet::builder(stack, "subnet").vpc_id(b.arn()).cidr_block("10.0.0.0/24").build();
    });
    assert_has_resource!(json, "demo_bucket", {
        "bucket": "logs-test",
        "force_destroy": true,
        "tags": {"Team": "platform"},
        "versioning": {"status": "Enabled"},
        "rule": [{"days": 30, "prefix": null}]
    });
    assert_has_resource!(json, "demo_subnet", {
        "vpc_id": "${demo_bucket.logs.arn}",
        "cidr_block": "10.0.0.0/24"
    });
    assert_eq!(json["terraform"]["required_providers"]["demo"]["version"], "1.2.3");
}
