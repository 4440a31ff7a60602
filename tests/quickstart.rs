//! The quickstart example, synthesized: what it promises in its doc comment, and its snapshot.

#[path = "../examples/quickstart.rs"]
#[allow(dead_code)]
mod quickstart;

use konductor::{assert_has_resource, serde_json, testing, App};

fn quickstart_json() -> serde_json::Value {
    let app = App::with_outdir("unused");
    quickstart::build(&app).unwrap();
    testing::stack_json(&app, "quickstart").unwrap()
}

#[test]
fn the_log_bucket_is_named_for_its_environment_and_destroyable() {
    let json = quickstart_json();
    assert_has_resource!(json, "aws_s3_bucket", { "bucket": "quickstart-logs-dev", "force_destroy": true });
    assert_has_resource!(json, "aws_kms_alias", { "name": "alias/quickstart-logs-dev" });
    assert_has_resource!(json, "aws_kms_key", { "enable_key_rotation": true, "deletion_window_in_days": 7 });
}

#[test]
fn the_log_bucket_is_encrypted_versioned_private_and_tls_only() {
    let json = quickstart_json();
    assert_has_resource!(json, "aws_s3_bucket_versioning", { "versioning_configuration": { "status": "Enabled" } });
    assert_has_resource!(json, "aws_s3_bucket_server_side_encryption_configuration", {
        "rule": [{ "apply_server_side_encryption_by_default": {
            "sse_algorithm": "aws:kms", "kms_master_key_id": "${aws_kms_key.logs-key.arn}" } }]
    });
    assert_has_resource!(json, "aws_s3_bucket_public_access_block", {
        "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true
    });
    let policy = json["resource"]["aws_s3_bucket_policy"]["logs-policy"]["policy"].as_str().unwrap();
    let doc: serde_json::Value = serde_json::from_str(policy).unwrap();
    assert_eq!(doc["Statement"][0]["Effect"], "Deny");
    assert_eq!(doc["Statement"][0]["Condition"]["Bool"]["aws:SecureTransport"], "false");
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!(quickstart_json());
}

#[test]
fn the_key_has_a_policy_and_old_logs_expire() {
    let json = quickstart_json();
    let policy = json["resource"]["aws_kms_key"]["logs-key"]["policy"].as_str().unwrap();
    let doc: serde_json::Value = serde_json::from_str(policy).unwrap();
    assert_eq!(
        doc["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::${data.aws_caller_identity.account.account_id}:root"
    );
    assert_eq!(doc["Statement"][0]["Action"], "kms:*");
    assert_has_resource!(json, "aws_s3_bucket_lifecycle_configuration", {
        "bucket": "${aws_s3_bucket.logs.id}",
        "rule": [{ "status": "Enabled", "expiration": [{ "days": 365 }],
                   "abort_incomplete_multipart_upload": [{ "days_after_initiation": 7 }] }]
    });
}
