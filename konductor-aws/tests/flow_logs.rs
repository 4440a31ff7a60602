//! FlowLogs: a snapshot, and assertions that name each requirement (all traffic every 60 s to CloudWatch
//! Logs and S3, encryption with a rotated customer-managed key, a delivery role that can only write to its
//! group, a TLS-only versioned private bucket with expiry, Parquet in Hive-compatible hourly partitions,
//! Glue columns equal to the log format fields, partition projection, an enforced encrypted Athena
//! workgroup and the named queries, names with the environment suffix), plus the error text of bad input.

use konductor_aws::network::{FlowLogField, FlowLogs, FlowLogsProps};
use konductor_core::{assert_has_resource, testing, Stack};
use serde_json::Value;

fn flow_logs(stack: &Stack) -> FlowLogs {
    FlowLogs::new(stack, "flow-logs", "vpc-0123456789abcdef0", FlowLogsProps::default()).unwrap()
}

fn default_json() -> Value {
    testing::synth(|stack| {
        flow_logs(stack);
    })
}

/// The only resource of `tf_type`.
fn only<'a>(json: &'a Value, tf_type: &str) -> &'a Value {
    let all = testing::resources(json, tf_type);
    assert_eq!(all.len(), 1, "expected one `{tf_type}`, found {}", all.len());
    all[0].1
}

/// The resource of `tf_type` whose logical id contains `part`.
fn named<'a>(json: &'a Value, tf_type: &str, part: &str) -> &'a Value {
    let all: Vec<_> = testing::resources(json, tf_type).into_iter().filter(|(id, _)| id.contains(part)).collect();
    assert_eq!(all.len(), 1, "expected one `{tf_type}` with `{part}` in its id, found {}", all.len());
    all[0].1
}

/// The field names of a synthesized `log_format` (`$${a} $${b}`: `${` is escaped in Terraform JSON).
fn format_fields(format: &Value) -> Vec<String> {
    format
        .as_str()
        .unwrap()
        .split(' ')
        .map(|f| f.strip_prefix("$${").and_then(|f| f.strip_suffix('}')).unwrap_or_else(|| panic!("bad field {f}")))
        .map(str::to_string)
        .collect()
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!(default_json());
}

#[test]
fn all_traffic_every_60_seconds_to_both_cloudwatch_logs_and_s3() {
    let json = default_json();
    let logs = testing::resources(&json, "aws_flow_log");
    assert_eq!(logs.len(), 2);
    for (_, fl) in &logs {
        assert_eq!(fl["traffic_type"], "ALL");
        assert_eq!(fl["max_aggregation_interval"], 60);
        assert_eq!(fl["vpc_id"], "vpc-0123456789abcdef0");
    }
    let cw = named(&json, "aws_flow_log", "cloudwatch");
    assert_eq!(cw["log_destination_type"], "cloud-watch-logs");
    assert!(cw["log_destination"].as_str().unwrap().starts_with("${aws_cloudwatch_log_group."));
    assert!(cw["iam_role_arn"].as_str().unwrap().starts_with("${aws_iam_role."));
    let s3 = named(&json, "aws_flow_log", "_s3_");
    assert_eq!(s3["log_destination_type"], "s3");
    assert!(s3["log_destination"].as_str().unwrap().starts_with("${aws_s3_bucket."));
    assert_eq!(
        s3["destination_options"],
        serde_json::json!({"file_format": "parquet", "hive_compatible_partitions": true, "per_hour_partition": true})
    );
    // S3 delivery waits for the bucket policy, so the service never writes its own.
    assert!(s3["depends_on"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d.as_str().unwrap().starts_with("aws_s3_bucket_policy.")));
}

#[test]
fn log_format_lists_every_field_explicitly() {
    let json = default_json();
    for (_, fl) in testing::resources(&json, "aws_flow_log") {
        let fields = format_fields(&fl["log_format"]);
        assert_eq!(fields, FlowLogField::ALL.map(|f| f.name().to_string()));
    }
}

#[test]
fn glue_columns_equal_the_log_format_fields() {
    let json = default_json();
    let format = format_fields(&named(&json, "aws_flow_log", "cloudwatch")["log_format"]);
    let table = only(&json, "aws_glue_catalog_table");
    let columns: Vec<String> = table["storage_descriptor"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = format.iter().map(|f| f.replace('-', "_")).collect();
    assert_eq!(columns, expected);
    // Types as in Athena's table for Parquet flow logs.
    let column = |name: &str| {
        table["storage_descriptor"]["columns"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["type"]
            .clone()
    };
    assert_eq!(column("version"), "int");
    assert_eq!(column("bytes"), "bigint");
    assert_eq!(column("account_id"), "string");
    assert_eq!(column("traffic_path"), "int");
}

#[test]
fn glue_columns_follow_a_custom_format() {
    let props = FlowLogsProps::builder().fields(FlowLogField::DEFAULT_FORMAT).build().unwrap();
    let json = testing::synth(|stack| {
        FlowLogs::new(stack, "flow-logs", "vpc-1", props).unwrap();
    });
    let format = format_fields(&named(&json, "aws_flow_log", "_s3_")["log_format"]);
    assert_eq!(format.len(), 14);
    let columns = only(&json, "aws_glue_catalog_table")["storage_descriptor"]["columns"].as_array().unwrap().len();
    assert_eq!(columns, 14);
}

#[test]
fn glue_table_uses_parquet_and_partition_projection_over_hive_hourly_partitions() {
    let json = default_json();
    let table = only(&json, "aws_glue_catalog_table");
    assert_eq!(table["table_type"], "EXTERNAL_TABLE");
    let p = &table["parameters"];
    assert_eq!(p["classification"], "parquet");
    assert_eq!(p["projection.enabled"], "true");
    assert_eq!(p["projection.year.type"], "date");
    assert_eq!(p["projection.year.range"], "NOW-2YEARS,NOW");
    for key in ["month", "day", "hour"] {
        assert_eq!(p[format!("projection.{key}.type")], "integer");
        assert_eq!(p[format!("projection.{key}.digits")], "2");
    }
    let template = p["storage.location.template"].as_str().unwrap();
    assert!(template.starts_with("s3://${aws_s3_bucket."), "{template}");
    assert!(
        template.contains("/AWSLogs/aws-account-id=${data.aws_caller_identity.")
            && template.contains("/aws-service=vpcflowlogs/aws-region=${data.aws_region.")
            && template.ends_with("/year=$${year}/month=$${month}/day=$${day}/hour=$${hour}"),
        "{template}"
    );
    let keys: Vec<&str> =
        table["partition_keys"].as_array().unwrap().iter().map(|k| k["name"].as_str().unwrap()).collect();
    assert_eq!(keys, ["year", "month", "day", "hour"]);
    let sd = &table["storage_descriptor"];
    assert_eq!(
        sd["ser_de_info"]["serialization_library"],
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    );
    assert_eq!(sd["input_format"], "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
}

#[test]
fn log_group_is_encrypted_with_a_rotated_customer_managed_key_and_has_a_retention() {
    let json = default_json();
    let group = only(&json, "aws_cloudwatch_log_group");
    assert_eq!(group["retention_in_days"], 365);
    assert!(group["kms_key_id"].as_str().unwrap().starts_with("${aws_kms_key."));
    let key = only(&json, "aws_kms_key");
    assert_eq!(key["enable_key_rotation"], true);
    assert_eq!(key["deletion_window_in_days"], 7);
    let policy = key["policy"].as_str().unwrap();
    // CloudWatch Logs may use the key for this group only.
    assert!(policy.contains(r#""Principal":{"Service":"logs.${data.aws_region."#), "{policy}");
    assert!(policy.contains(r#""ArnLike":{"kms:EncryptionContext:aws:logs:arn":"arn:${data.aws_partition."#));
    assert!(policy.contains(":log-group:/vpc-flow-logs/test-flow-logs-test\""), "{policy}");
    // Log delivery to S3 may use it for this account only.
    assert!(policy.contains(r#""Principal":{"Service":"delivery.logs.amazonaws.com"}"#));
    assert!(policy.contains(r#""aws:SourceAccount":"${data.aws_caller_identity."#));
    assert_has_resource!(json, "aws_kms_alias", { "name": "alias/test-flow-logs-test" });
    // The account administers the key but uses it only through S3 (Athena reads): no `kms:*`.
    assert!(!policy.contains(r#""kms:*""#), "{policy}");
    assert!(policy.contains(r#""Sid":"KeyAdministration""#), "{policy}");
    assert!(policy.contains(r#""kms:ViaService":"s3.${data.aws_region."#), "{policy}");
}

#[test]
fn delivery_role_may_only_write_to_its_log_group() {
    let json = default_json();
    let role = only(&json, "aws_iam_role");
    let trust = role["assume_role_policy"].as_str().unwrap();
    assert!(trust.contains(r#""Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole""#));
    assert!(trust.contains(r#""aws:SourceAccount""#) && trust.contains(":vpc-flow-log/*\""), "{trust}");
    let policy = only(&json, "aws_iam_role_policy")["policy"].as_str().unwrap();
    let group = testing::resources(&json, "aws_cloudwatch_log_group")[0].0;
    assert!(
        policy.ends_with(&format!(
            r#""Resource":["${{aws_cloudwatch_log_group.{group}.arn}}","${{aws_cloudwatch_log_group.{group}.arn}}:*"]}}]}}"#
        )),
        "{policy}"
    );
    assert!(!policy.contains(r#""Resource":"*""#));
}

#[test]
fn buckets_are_kms_encrypted_versioned_tls_only_private_and_expire() {
    let json = default_json();
    assert_eq!(testing::resources(&json, "aws_s3_bucket").len(), 2, "the records and the Athena results");
    for (_, b) in testing::resources(&json, "aws_s3_bucket") {
        assert_eq!(b["force_destroy"], true);
    }
    for (_, e) in testing::resources(&json, "aws_s3_bucket_server_side_encryption_configuration") {
        let rule = &e["rule"][0];
        assert_eq!(rule["apply_server_side_encryption_by_default"]["sse_algorithm"], "aws:kms");
        assert!(rule["apply_server_side_encryption_by_default"]["kms_master_key_id"]
            .as_str()
            .unwrap()
            .starts_with("${aws_kms_key."));
        assert_eq!(rule["bucket_key_enabled"], true);
    }
    for (_, v) in testing::resources(&json, "aws_s3_bucket_versioning") {
        assert_eq!(v["versioning_configuration"]["status"], "Enabled");
    }
    for (_, p) in testing::resources(&json, "aws_s3_bucket_public_access_block") {
        for k in ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] {
            assert_eq!(p[k], true, "{k}");
        }
    }
    for (_, p) in testing::resources(&json, "aws_s3_bucket_policy") {
        let policy = p["policy"].as_str().unwrap();
        assert!(policy.contains(
            r#"{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["${aws_s3_bucket."#
        ));
        assert!(policy.contains(r#""Condition":{"Bool":{"aws:SecureTransport":"false"}}"#));
        // Uploads asking for another encryption or another key are denied.
        assert!(
            policy.contains(r#""Sid":"DenyOtherEncryption""#) && policy.contains(r#""Sid":"DenyOtherKeys""#),
            "{policy}"
        );
    }
    let records = named(&json, "aws_s3_bucket_lifecycle_configuration", "_bucket_lifecycle_");
    assert_eq!(records["rule"][0]["expiration"][0]["days"], 730);
    let results = named(&json, "aws_s3_bucket_lifecycle_configuration", "results");
    assert_eq!(results["rule"][0]["expiration"][0]["days"], 30);
    // Log delivery writes under AWSLogs/ for this account only.
    let policy = named(&json, "aws_s3_bucket_policy", "_bucket_policy_")["policy"].as_str().unwrap();
    assert!(policy.contains(r#""Sid":"AWSLogDeliveryWrite","Effect":"Allow","Principal":{"Service":"delivery.logs.amazonaws.com"},"Action":"s3:PutObject""#));
    assert!(policy.contains("/AWSLogs/*\""), "{policy}");
    assert!(policy.contains(r#""s3:x-amz-acl":"bucket-owner-full-control""#));
}

#[test]
fn athena_workgroup_enforces_encrypted_results_and_named_queries_exist() {
    let json = default_json();
    let wg = only(&json, "aws_athena_workgroup");
    assert_eq!(wg["force_destroy"], true);
    let conf = &wg["configuration"];
    assert_eq!(conf["enforce_workgroup_configuration"], true);
    assert_eq!(conf["result_configuration"]["encryption_configuration"]["encryption_option"], "SSE_KMS");
    assert!(conf["result_configuration"]["output_location"].as_str().unwrap().starts_with("s3://${aws_s3_bucket."));
    let queries = testing::resources(&json, "aws_athena_named_query");
    let names: Vec<&str> = queries.iter().map(|(_, q)| q["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "test-flow-logs-rejected-traffic-test",
            "test-flow-logs-ssh-rdp-attempts-test",
            "test-flow-logs-top-talkers-test"
        ]
    );
    let sql = |part: &str| named(&json, "aws_athena_named_query", part)["query"].as_str().unwrap().to_string();
    assert!(sql("rejected").contains("WHERE action = 'REJECT'"));
    assert!(sql("top-talkers").contains("ORDER BY total_bytes DESC"));
    assert!(sql("ssh-rdp").contains("dstport IN (22, 3389)"));
    for (_, q) in queries {
        let sql = q["query"].as_str().unwrap();
        assert!(sql.contains(r#"FROM "test-flow-logs-test"."vpc_flow_logs-test" WHERE"#), "{sql}");
        assert!(sql.contains("year = date_format(current_date, '%Y')"), "queries read today's partitions: {sql}");
        assert!(q["workgroup"].as_str().unwrap().starts_with("${aws_athena_workgroup."));
    }
}

#[test]
fn every_name_carries_the_environment_suffix() {
    let json = default_json();
    let names = [
        ("aws_s3_bucket", "bucket"),
        ("aws_cloudwatch_log_group", "name"),
        ("aws_iam_role", "name"),
        ("aws_iam_role_policy", "name"),
        ("aws_kms_alias", "name"),
        ("aws_glue_catalog_database", "name"),
        ("aws_glue_catalog_table", "name"),
        ("aws_athena_workgroup", "name"),
        ("aws_athena_named_query", "name"),
    ];
    for (tf_type, attr) in names {
        let all = testing::resources(&json, tf_type);
        assert!(!all.is_empty(), "{tf_type}");
        for (id, r) in all {
            let name = r[attr].as_str().unwrap_or_else(|| panic!("{tf_type}.{id}.{attr}"));
            assert!(name.ends_with("-test"), "{tf_type}.{id}.{attr} = {name}");
        }
    }
}

#[test]
fn opting_out_of_a_destination_leaves_the_other() {
    let props = FlowLogsProps::builder().without_cloudwatch_logs().build().unwrap();
    let json = testing::synth(|stack| {
        let fl = FlowLogs::new(stack, "flow-logs", "vpc-1", props).unwrap();
        assert!(fl.log_group().is_none() && fl.s3_flow_log().is_some());
    });
    assert_eq!(testing::resources(&json, "aws_flow_log").len(), 1);
    assert!(testing::resources(&json, "aws_iam_role").is_empty());
    assert!(!only(&json, "aws_kms_key")["policy"].as_str().unwrap().contains("logs.${"));

    let props = FlowLogsProps::builder().without_s3().build().unwrap();
    let json = testing::synth(|stack| {
        FlowLogs::new(stack, "flow-logs", "vpc-1", props).unwrap();
    });
    assert_eq!(only(&json, "aws_flow_log")["log_destination_type"], "cloud-watch-logs");
    assert!(testing::resources(&json, "aws_s3_bucket").is_empty());
    assert!(testing::resources(&json, "aws_glue_catalog_table").is_empty());
}

#[test]
fn bad_props_are_rejected_with_the_fix() {
    let e = |b: konductor_aws::network::FlowLogsPropsBuilder| b.build().unwrap_err().to_string();
    assert_eq!(
        e(FlowLogsProps::builder().log_retention_days(100)),
        "[FlowLogsProps] log retention of 100 days is not a CloudWatch Logs retention period: use one of 1, 3, 5, 7, 14, \
         30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (the next one up is 120)"
    );
    assert_eq!(
        e(FlowLogsProps::builder().without_cloudwatch_logs().without_s3()),
        "[FlowLogsProps] flow logs without CloudWatch Logs and without S3 go nowhere: keep at least one destination: \
         drop `.without_cloudwatch_logs()` or `.without_s3()`"
    );
    assert_eq!(
        e(FlowLogsProps::builder().fields([FlowLogField::SrcAddr, FlowLogField::DstAddr])),
        "[FlowLogsProps] the named Athena queries read fields missing from the format: interface-id, srcport, dstport, \
         protocol, packets, bytes, start, action: add them to `.fields(...)`, or call `.without_query_layer()`"
    );
    assert_eq!(
        e(FlowLogsProps::builder().fields([FlowLogField::SrcAddr, FlowLogField::SrcAddr]).without_query_layer()),
        "[FlowLogsProps] field `srcaddr` is in the flow log format twice: list each field once"
    );
    assert_eq!(
        e(FlowLogsProps::builder().name_base("Payments_Logs")),
        "[FlowLogsProps] name base `Payments_Logs` must be lowercase letters, digits and hyphens: S3 bucket names \
         allow only those; for example `payments-flow-logs`"
    );
}

#[test]
fn name_base_overrides_the_path() {
    let props = FlowLogsProps::builder().name_base("payments").build().unwrap();
    let json = testing::synth(|stack| {
        FlowLogs::new(stack, "flow-logs", "vpc-1", props).unwrap();
    });
    assert_has_resource!(json, "aws_s3_bucket", { "bucket": "payments-test" });
    assert_has_resource!(json, "aws_cloudwatch_log_group", { "name": "/vpc-flow-logs/payments-test" });
}
