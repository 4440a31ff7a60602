//! CodeDeployBlueGreen: snapshots, and assertions that name each requirement of issue 14 (blue/green with
//! traffic control, the target-group pair with health checks and deregistration delay, the listeners and the
//! service ignoring what CodeDeploy swaps, typed traffic shifting as predefined or custom configurations,
//! readiness and notifications, rollback alarms, the deployment role), plus the error text of every bad input.

use konductor_aws::deploy::{
    AutoScalingBlueGreenProps, AutoScalingBlueGreenPropsBuilder, BlueGreenLoadBalancer, BlueGreenLoadBalancerBuilder,
    CodeDeployBlueGreen, DeploymentEvent, EcsBlueGreenProps, EcsBlueGreenPropsBuilder, HealthCheck,
    LambdaBlueGreenProps, LambdaBlueGreenPropsBuilder, MinimumHealthy, Notifications, Readiness, RollbackAlarm,
    TrafficShifting,
};
use konductor_aws::l1::ecs::EcsCluster;
use konductor_aws::l1::elbv2::Lb;
use konductor_core::{testing, App, Environment, Stack};
use serde_json::{json, Value};

const VPC: &str = "vpc-0123456789abcdef0";

fn lb_props(lb: &Lb) -> BlueGreenLoadBalancerBuilder {
    BlueGreenLoadBalancer::builder()
        .load_balancer(lb.arn(), lb.arn_suffix())
        .vpc_id(VPC)
        .certificate_arn("arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d")
        .target_port(8080)
        .health_check(HealthCheck::path("/healthz").matcher("200"))
        .deregistration_delay_seconds(20)
}

fn load_balancer(stack: &Stack) -> Lb {
    Lb::builder(stack, "alb")
        .name(stack.name("web"))
        .load_balancer_type("application")
        .subnets(["subnet-public-a", "subnet-public-b"])
        .security_groups(["sg-alb"])
        .drop_invalid_header_fields(true)
        .build()
}

fn ecs_props(stack: &Stack, lb: BlueGreenLoadBalancerBuilder) -> EcsBlueGreenPropsBuilder {
    let cluster = EcsCluster::builder(stack, "cluster").name(stack.name("platform")).build();
    EcsBlueGreenProps::builder()
        .cluster_name(cluster.name())
        .task_definition("arn:aws:ecs:us-east-1:111111111111:task-definition/web:1")
        .container("web", 8080)
        .network(VPC, ["subnet-app-a", "subnet-app-b"], ["sg-app"])
        .load_balancer(lb.build().unwrap())
        .pass_roles(["arn:aws:iam::111111111111:role/web-task", "arn:aws:iam::111111111111:role/web-execution"])
}

/// The stack JSON of an ECS deployment `web`, its props adjusted by `adjust`.
fn ecs_json(adjust: impl FnOnce(EcsBlueGreenPropsBuilder) -> EcsBlueGreenPropsBuilder) -> Value {
    testing::synth(|stack| {
        let lb = load_balancer(stack);
        let props = adjust(ecs_props(stack, lb_props(&lb).test_port(8443))).build().unwrap();
        CodeDeployBlueGreen::ecs(stack, "web", props).unwrap();
    })
}

/// The full-featured ECS deployment of the PCI service: canary 10 % for 5 minutes, manual approval, alarms,
/// notifications.
fn production_ecs(props: EcsBlueGreenPropsBuilder) -> EcsBlueGreenPropsBuilder {
    props
        .traffic(TrafficShifting::Canary { percent: 10, minutes: 5 })
        .readiness(Readiness::ManualApproval { wait_minutes: 120 })
        .terminate_blue_after_minutes(30)
        .alarms([
            RollbackAlarm::TargetGroup5xxRate { percent: 1.0 },
            RollbackAlarm::TargetGroupLatency { p99_seconds: 1.5 },
            RollbackAlarm::existing("payments-errors-test"),
        ])
        .notifications(
            Notifications::to_topic("arn:aws:sns:us-east-1:111111111111:deployments")
                .encrypted_with("arn:aws:kms:us-east-1:111111111111:key/abcd"),
        )
}

fn one<'a>(json: &'a Value, tf_type: &str) -> &'a Value {
    let found = testing::resources(json, tf_type);
    assert_eq!(found.len(), 1, "one {tf_type}: {found:?}");
    found[0].1
}

fn by_tag<'a>(json: &'a Value, tf_type: &str, key: &str, value: &str) -> &'a Value {
    let found: Vec<_> =
        testing::resources(json, tf_type).into_iter().filter(|(_, r)| r["tags"][key] == value).collect();
    assert_eq!(found.len(), 1, "one {tf_type} tagged {key}={value}");
    found[0].1
}

/// The logical id inside a reference `${TYPE.ID.attr}`.
fn target(reference: &Value) -> String {
    let s = reference.as_str().unwrap_or_else(|| panic!("not a reference: {reference}"));
    s.trim_start_matches("${").trim_end_matches('}').split('.').take(2).collect::<Vec<_>>().join(".")
}

fn listener(json: &Value, port: u64) -> &Value {
    let found: Vec<_> =
        testing::resources(json, "aws_lb_listener").into_iter().filter(|(_, l)| l["port"] == port).collect();
    assert_eq!(found.len(), 1, "one listener on {port}");
    found[0].1
}

/// The error of building the ECS deployment in stack `apps` of environment `prod`.
fn ecs_error(
    adjust_lb: impl FnOnce(BlueGreenLoadBalancerBuilder) -> BlueGreenLoadBalancerBuilder,
    adjust: impl FnOnce(EcsBlueGreenPropsBuilder) -> EcsBlueGreenPropsBuilder,
) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "apps", &Environment::new("prod").unwrap());
    let lb = load_balancer(&stack);
    let props = adjust(ecs_props(&stack, adjust_lb(lb_props(&lb).test_port(8443)))).build().unwrap();
    CodeDeployBlueGreen::ecs(&stack, "web", props).unwrap_err().to_string()
}

#[test]
fn snapshot_ecs_minimal() {
    insta::assert_json_snapshot!(ecs_json(|p| p));
}

#[test]
fn snapshot_ecs_production() {
    insta::assert_json_snapshot!(ecs_json(production_ecs));
}

#[test]
fn ecs_deployment_group_is_blue_green_with_traffic_control_on_the_service() {
    let json = ecs_json(|p| p);
    let app = one(&json, "aws_codedeploy_app");
    assert_eq!(app["compute_platform"], "ECS");
    assert_eq!(app["name"], "web-test");
    let group = one(&json, "aws_codedeploy_deployment_group");
    assert_eq!(
        group["deployment_style"],
        json!({ "deployment_option": "WITH_TRAFFIC_CONTROL", "deployment_type": "BLUE_GREEN" })
    );
    assert_eq!(target(&group["ecs_service"]["cluster_name"]), "aws_ecs_cluster.cluster");
    assert_eq!(
        target(&group["ecs_service"]["service_name"]),
        format!("aws_ecs_service.{}", testing::resources(&json, "aws_ecs_service")[0].0)
    );
    assert_eq!(
        target(&group["app_name"]),
        format!("aws_codedeploy_app.{}", testing::resources(&json, "aws_codedeploy_app")[0].0)
    );
}

#[test]
fn ecs_target_groups_are_a_pair_with_health_checks_and_deregistration_delay() {
    let json = ecs_json(|p| p);
    let groups = testing::resources(&json, "aws_lb_target_group");
    assert_eq!(groups.len(), 2);
    for color in ["blue", "green"] {
        let tg = by_tag(&json, "aws_lb_target_group", "Color", color);
        assert_eq!(tg["name"], format!("web-{color}-test"));
        assert_eq!(tg["target_type"], "ip", "awsvpc tasks register by IP");
        assert_eq!(tg["vpc_id"], VPC);
        assert_eq!(tg["port"], 8080);
        assert_eq!(tg["deregistration_delay"], "20");
        assert_eq!(tg["health_check"]["path"], "/healthz");
        assert_eq!(tg["health_check"]["matcher"], "200");
        assert_eq!(tg["health_check"]["enabled"], true);
    }
    let pair = &one(&json, "aws_codedeploy_deployment_group")["load_balancer_info"]["target_group_pair_info"];
    let names: Vec<String> = pair["target_group"].as_array().unwrap().iter().map(|t| target(&t["name"])).collect();
    let ids: Vec<String> = groups.iter().map(|(id, _)| format!("aws_lb_target_group.{id}")).collect();
    assert_eq!(names.len(), 2);
    assert!(names.iter().all(|n| ids.contains(n)) && names[0] != names[1], "{names:?} vs {ids:?}");
}

#[test]
fn ecs_listeners_are_https_and_ignore_the_action_codedeploy_swaps() {
    let json = ecs_json(|p| p);
    let blue = format!(
        "aws_lb_target_group.{}",
        testing::resources(&json, "aws_lb_target_group")
            .into_iter()
            .find(|(_, t)| t["tags"]["Color"] == "blue")
            .unwrap()
            .0
    );
    let green = format!(
        "aws_lb_target_group.{}",
        testing::resources(&json, "aws_lb_target_group")
            .into_iter()
            .find(|(_, t)| t["tags"]["Color"] == "green")
            .unwrap()
            .0
    );
    for (port, to) in [(443, &blue), (8443, &green)] {
        let l = listener(&json, port);
        assert_eq!(l["protocol"], "HTTPS");
        assert_eq!(l["ssl_policy"], "ELBSecurityPolicy-TLS13-1-2-2021-06");
        assert_eq!(&target(&l["default_action"][0]["target_group_arn"]), to, "listener {port}");
        assert_eq!(l["lifecycle"]["ignore_changes"], json!(["default_action"]));
    }
    let pair = &one(&json, "aws_codedeploy_deployment_group")["load_balancer_info"]["target_group_pair_info"];
    assert!(
        target(&pair["prod_traffic_route"]["listener_arns"][0]).starts_with("aws_lb_listener.web_production-listener")
    );
    assert!(target(&pair["test_traffic_route"]["listener_arns"][0]).starts_with("aws_lb_listener.web_test-listener"));
}

#[test]
fn ecs_service_is_deployed_by_codedeploy_and_ignores_what_it_swaps() {
    let json = ecs_json(|p| p);
    let service = one(&json, "aws_ecs_service");
    assert_eq!(service["deployment_controller"]["type"], "CODE_DEPLOY");
    assert_eq!(service["lifecycle"]["ignore_changes"], json!(["task_definition", "load_balancer"]));
    assert_eq!(service["network_configuration"]["assign_public_ip"], false);
    assert_eq!(service["network_configuration"]["subnets"], json!(["subnet-app-a", "subnet-app-b"]));
    assert_eq!(service["load_balancer"][0]["container_name"], "web");
    assert_eq!(service["load_balancer"][0]["container_port"], 8080);
    let blue = testing::resources(&json, "aws_lb_target_group")
        .into_iter()
        .find(|(_, t)| t["tags"]["Color"] == "blue")
        .unwrap()
        .0;
    assert_eq!(target(&service["load_balancer"][0]["target_group_arn"]), format!("aws_lb_target_group.{blue}"));
    assert_eq!(service["force_delete"], true, "destroyable");
}

#[test]
fn predefined_configurations_are_used_when_they_match() {
    let json = ecs_json(|p| p.traffic(TrafficShifting::Canary { percent: 10, minutes: 5 }));
    assert_eq!(
        one(&json, "aws_codedeploy_deployment_group")["deployment_config_name"],
        "CodeDeployDefault.ECSCanary10Percent5Minutes"
    );
    assert!(testing::resources(&json, "aws_codedeploy_deployment_config").is_empty());
    let json = ecs_json(|p| p);
    assert_eq!(
        one(&json, "aws_codedeploy_deployment_group")["deployment_config_name"],
        "CodeDeployDefault.ECSAllAtOnce"
    );
}

#[test]
fn other_shifts_get_a_custom_configuration() {
    let json = ecs_json(|p| p.traffic(TrafficShifting::Linear { percent: 20, every_minutes: 2 }));
    let config = one(&json, "aws_codedeploy_deployment_config");
    assert_eq!(config["compute_platform"], "ECS");
    assert_eq!(config["deployment_config_name"], "web-linear-20-every-2-test");
    assert_eq!(
        config["traffic_routing_config"],
        json!({ "type": "TimeBasedLinear", "time_based_linear": { "interval": 2, "percentage": 20 } })
    );
    let group = one(&json, "aws_codedeploy_deployment_group");
    assert!(target(&group["deployment_config_name"]).starts_with("aws_codedeploy_deployment_config."));

    let json = ecs_json(|p| p.traffic(TrafficShifting::Canary { percent: 25, minutes: 10 }));
    assert_eq!(
        one(&json, "aws_codedeploy_deployment_config")["traffic_routing_config"],
        json!({ "type": "TimeBasedCanary", "time_based_canary": { "interval": 10, "percentage": 25 } })
    );
}

#[test]
fn readiness_is_immediate_or_a_manual_approval() {
    let json = ecs_json(|p| p);
    let bg = &one(&json, "aws_codedeploy_deployment_group")["blue_green_deployment_config"];
    assert_eq!(bg["deployment_ready_option"], json!({ "action_on_timeout": "CONTINUE_DEPLOYMENT" }));
    assert_eq!(
        bg["terminate_blue_instances_on_deployment_success"],
        json!({ "action": "TERMINATE", "termination_wait_time_in_minutes": 5 })
    );

    let json = ecs_json(production_ecs);
    let bg = &one(&json, "aws_codedeploy_deployment_group")["blue_green_deployment_config"];
    assert_eq!(
        bg["deployment_ready_option"],
        json!({ "action_on_timeout": "STOP_DEPLOYMENT", "wait_time_in_minutes": 120 })
    );
    assert_eq!(bg["terminate_blue_instances_on_deployment_success"]["termination_wait_time_in_minutes"], 30);
}

#[test]
fn notifications_go_to_the_topic_which_the_role_may_publish_to() {
    let json = ecs_json(|p| {
        p.notifications(Notifications::to_topic("arn:aws:sns:us-east-1:111111111111:deployments").events([
            DeploymentEvent::Failure,
            DeploymentEvent::Ready,
            DeploymentEvent::Failure,
        ]))
    });
    let trigger = &one(&json, "aws_codedeploy_deployment_group")["trigger_configuration"];
    assert_eq!(
        trigger,
        &json!([{ "trigger_events": ["DeploymentReady", "DeploymentFailure"], "trigger_name": "web-events-test", "trigger_target_arn": "arn:aws:sns:us-east-1:111111111111:deployments" }])
    );
    let policy: Value = serde_json::from_str(one(&json, "aws_iam_role_policy")["policy"].as_str().unwrap()).unwrap();
    assert!(policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["Action"] == "sns:Publish" && s["Resource"] == "arn:aws:sns:us-east-1:111111111111:deployments"));
}

#[test]
fn notifications_to_a_topic_block_are_granted_on_the_topic_and_its_key() {
    use konductor_aws::sns::{Topic, TopicProps};
    let json = testing::synth(|stack| {
        let lb = load_balancer(stack);
        let topic = Topic::new(stack, "deployments", TopicProps::default()).unwrap();
        let props = ecs_props(stack, lb_props(&lb)).notifications(Notifications::topic(&topic)).build().unwrap();
        CodeDeployBlueGreen::ecs(stack, "web", props).unwrap();
    });
    let role = format!(
        "${{{}.arn}}",
        testing::resources(&json, "aws_iam_role")
            .into_iter()
            .find(|(_, r)| r["name"] == "web-codedeploy-test")
            .map(|(id, _)| format!("aws_iam_role.{id}"))
            .unwrap()
    );
    // The role's side: publish on the topic, data keys of its key.
    let grants = testing::resources(&json, "aws_iam_role_policy")
        .into_iter()
        .find(|(id, _)| id.starts_with("web_deployment-role_grants"))
        .unwrap()
        .1;
    let policy: Value = serde_json::from_str(grants["policy"].as_str().unwrap()).unwrap();
    let actions: Vec<&Value> = policy["Statement"].as_array().unwrap().iter().map(|s| &s["Action"]).collect();
    assert!(actions.contains(&&json!("sns:Publish")), "{actions:?}");
    assert!(actions.contains(&&json!(["kms:Decrypt", "kms:GenerateDataKey*"])), "{actions:?}");
    // The key's side: the key policy names the deployment role, so the events can be encrypted.
    let key: Value = serde_json::from_str(one(&json, "aws_kms_key")["policy"].as_str().unwrap()).unwrap();
    assert!(
        key["Statement"].as_array().unwrap().iter().any(|s| s["Principal"]["AWS"] == role.as_str()
            || s["Principal"]["AWS"].as_array().is_some_and(|a| a.contains(&json!(role)))),
        "the key policy lets {role} use the key: {key}"
    );
    // The deployment group waits for the grants.
    let group = one(&json, "aws_codedeploy_deployment_group");
    assert!(group["depends_on"].as_array().unwrap().iter().any(|d| d.as_str().unwrap().contains("grants")));
}

#[test]
fn rollback_is_automatic_on_failure_and_on_alarm() {
    let json = ecs_json(|p| p);
    let group = one(&json, "aws_codedeploy_deployment_group");
    assert_eq!(group["auto_rollback_configuration"], json!({ "enabled": true, "events": ["DEPLOYMENT_FAILURE"] }));
    assert!(group.get("alarm_configuration").is_none());

    let json = ecs_json(production_ecs);
    let group = one(&json, "aws_codedeploy_deployment_group");
    assert_eq!(
        group["auto_rollback_configuration"],
        json!({ "enabled": true, "events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] })
    );
    assert_eq!(group["alarm_configuration"]["enabled"], true);
    let alarms = group["alarm_configuration"]["alarms"].as_array().unwrap();
    assert_eq!(alarms.len(), 5, "5xx and latency for blue and green, and the given alarm");
    assert!(alarms.contains(&json!("payments-errors-test")));
}

#[test]
fn target_group_alarms_watch_5xx_rate_and_p99_latency_of_each_target_group() {
    let json = ecs_json(production_ecs);
    let alarms = testing::resources(&json, "aws_cloudwatch_metric_alarm");
    assert_eq!(alarms.len(), 4);
    let names: Vec<&str> = alarms.iter().map(|(_, a)| a["alarm_name"].as_str().unwrap()).collect();
    for n in ["web-blue-5xx-rate-test", "web-green-5xx-rate-test", "web-blue-latency-test", "web-green-latency-test"] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    let latency = alarms.iter().find(|(_, a)| a["alarm_name"] == "web-green-latency-test").unwrap().1;
    assert_eq!(latency["metric_name"], "TargetResponseTime");
    assert_eq!(latency["extended_statistic"], "p99");
    assert_eq!(latency["threshold"], 1.5);
    assert_eq!(target(&latency["dimensions"]["LoadBalancer"]), "aws_lb.alb");
    assert!(target(&latency["dimensions"]["TargetGroup"]).starts_with("aws_lb_target_group.web_green"));
    let rate = alarms.iter().find(|(_, a)| a["alarm_name"] == "web-blue-5xx-rate-test").unwrap().1;
    assert_eq!(rate["threshold"], 1.0);
    let queries = rate["metric_query"].as_array().unwrap();
    assert_eq!(queries[0]["metric"]["metric_name"], "HTTPCode_Target_5XX_Count");
    assert_eq!(queries[1]["metric"]["metric_name"], "RequestCount");
    assert_eq!(queries[2]["expression"], "IF(requests > 0, 100 * errors / requests, 0)");
    assert_eq!(queries[2]["return_data"], true);
}

#[test]
fn deployment_role_has_the_managed_policy_of_its_platform() {
    let json = ecs_json(|p| p);
    let role = one(&json, "aws_iam_role");
    assert_eq!(role["name"], "web-codedeploy-test");
    let trust: Value = serde_json::from_str(role["assume_role_policy"].as_str().unwrap()).unwrap();
    assert_eq!(trust["Statement"][0]["Principal"]["Service"], "codedeploy.amazonaws.com");
    assert!(trust["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAccount"].is_string());
    let arn = one(&json, "aws_iam_role_policy_attachment")["policy_arn"].as_str().unwrap();
    assert!(
        arn.starts_with("arn:${data.aws_partition.") && arn.ends_with("}:iam::aws:policy/AWSCodeDeployRoleForECS"),
        "{arn}"
    );
    let group = one(&json, "aws_codedeploy_deployment_group");
    assert_eq!(
        target(&group["service_role_arn"]),
        format!("aws_iam_role.{}", testing::resources(&json, "aws_iam_role")[0].0)
    );
    let policy: Value = serde_json::from_str(one(&json, "aws_iam_role_policy")["policy"].as_str().unwrap()).unwrap();
    assert_eq!(policy["Statement"][0]["Action"], "iam:PassRole");
    assert_eq!(
        policy["Statement"][0]["Resource"],
        json!(["arn:aws:iam::111111111111:role/web-task", "arn:aws:iam::111111111111:role/web-execution"])
    );
}

// Bad input: each an error with its text.

#[test]
fn a_canary_of_0_or_100_percent_is_an_error() {
    for percent in [0, 100] {
        assert_eq!(
            ecs_error(|l| l, |p| p.traffic(TrafficShifting::Canary { percent, minutes: 5 })),
            format!(
                "[apps/web] canary {percent} % for 5 minutes: {percent} % is not a step CodeDeploy can take: use a \
                 canary of 1 to 99 %, or TrafficShifting::AllAtOnce to move everything in one step"
            )
        );
    }
}

#[test]
fn hosts_based_configurations_on_ecs_are_an_error() {
    assert_eq!(
        ecs_error(|l| l, |p| p.traffic(TrafficShifting::HalfAtATime)),
        "[apps/web] half the hosts at a time cannot be used on ECS: hosts-based configurations exist on EC2/Server \
         only: use TrafficShifting::AllAtOnce, Canary { percent, minutes } or Linear { percent, every_minutes }"
    );
}

#[test]
fn more_than_10_alarms_is_an_error() {
    let alarms = [
        RollbackAlarm::TargetGroup5xxRate { percent: 1.0 },
        RollbackAlarm::TargetGroupLatency { p99_seconds: 1.0 },
        RollbackAlarm::TargetGroupLatency { p99_seconds: 3.0 },
        RollbackAlarm::TargetGroup5xxRate { percent: 5.0 },
        RollbackAlarm::existing("a"),
        RollbackAlarm::existing("b"),
        RollbackAlarm::existing("c"),
    ];
    assert_eq!(
        ecs_error(|l| l, |p| p.alarms(alarms)),
        "[apps/web] 11 rollback alarms: CodeDeploy watches at most 10 per deployment group (a target-group alarm is \
         made once per target group: 2 here): keep the alarms that matter most, or combine several into one \
         composite alarm and pass it with RollbackAlarm::existing(..)"
    );
}

#[test]
fn one_port_for_the_production_and_the_test_listener_is_an_error() {
    assert_eq!(
        ecs_error(|l| l.production_port(443).test_port(443), |p| p),
        "[apps/web] listener port 443 is used by both the production and the test listener: a load balancer has one \
         listener per port: give the test listener its own port, e.g. .test_port(8443)"
    );
}

#[test]
fn target_groups_in_another_vpc_than_the_service_is_an_error() {
    assert_eq!(
        ecs_error(|l| l.vpc_id("vpc-0fedcba9876543210"), |p| p),
        "[apps/web] the target groups would be in the load balancer's VPC `vpc-0fedcba9876543210` and the service \
         runs in VPC `vpc-0123456789abcdef0`: targets must be in the VPC of their target group: run the service in \
         the load balancer's VPC (the same vpc_id on both), or use a load balancer of the service's VPC"
    );
}

#[test]
fn an_approval_wait_over_2_days_is_an_error() {
    assert_eq!(
        ecs_error(|l| l, |p| p.readiness(Readiness::ManualApproval { wait_minutes: 2881 })),
        "[apps/web] a manual approval wait of 2881 minutes is out of range: CodeDeploy waits 1 to 2880 minutes (2 \
         days) before stopping the deployment: use Readiness::ManualApproval { wait_minutes } with 1 to 2880, or \
         Readiness::ContinueImmediately"
    );
}

// EC2 / Auto Scaling

fn asg_props(
    lb: &Lb,
    adjust_lb: impl FnOnce(BlueGreenLoadBalancerBuilder) -> BlueGreenLoadBalancerBuilder,
) -> AutoScalingBlueGreenPropsBuilder {
    AutoScalingBlueGreenProps::builder()
        .auto_scaling_group("orders-test")
        .vpc_id(VPC)
        .load_balancer(adjust_lb(lb_props(lb)).build().unwrap())
        .pass_roles(["arn:aws:iam::111111111111:role/orders-instance"])
}

fn asg_json(adjust: impl FnOnce(AutoScalingBlueGreenPropsBuilder) -> AutoScalingBlueGreenPropsBuilder) -> Value {
    testing::synth(|stack| {
        let lb = load_balancer(stack);
        let props = adjust(asg_props(&lb, |l| l)).build().unwrap();
        CodeDeployBlueGreen::auto_scaling(stack, "orders", props).unwrap();
    })
}

fn asg_error(
    adjust_lb: impl FnOnce(BlueGreenLoadBalancerBuilder) -> BlueGreenLoadBalancerBuilder,
    adjust: impl FnOnce(AutoScalingBlueGreenPropsBuilder) -> AutoScalingBlueGreenPropsBuilder,
) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "apps", &Environment::new("prod").unwrap());
    let lb = load_balancer(&stack);
    let props = adjust(asg_props(&lb, adjust_lb)).build().unwrap();
    CodeDeployBlueGreen::auto_scaling(&stack, "orders", props).unwrap_err().to_string()
}

#[test]
fn snapshot_auto_scaling() {
    insta::assert_json_snapshot!(asg_json(|p| p
        .traffic(TrafficShifting::MinimumHealthy(MinimumHealthy::FleetPercent(75)))
        .terminate_blue_after_minutes(60)
        .alarms([RollbackAlarm::TargetGroup5xxRate { percent: 2.0 }])));
}

#[test]
fn auto_scaling_copies_the_group_for_the_green_fleet_and_terminates_blue_after_success() {
    let json = asg_json(|p| p.terminate_blue_after_minutes(60));
    assert_eq!(one(&json, "aws_codedeploy_app")["compute_platform"], "Server");
    let group = one(&json, "aws_codedeploy_deployment_group");
    assert_eq!(group["autoscaling_groups"], json!(["orders-test"]));
    assert_eq!(
        group["deployment_style"],
        json!({ "deployment_option": "WITH_TRAFFIC_CONTROL", "deployment_type": "BLUE_GREEN" })
    );
    let bg = &group["blue_green_deployment_config"];
    assert_eq!(bg["green_fleet_provisioning_option"], json!({ "action": "COPY_AUTO_SCALING_GROUP" }));
    assert_eq!(
        bg["terminate_blue_instances_on_deployment_success"],
        json!({ "action": "TERMINATE", "termination_wait_time_in_minutes": 60 })
    );
    assert_eq!(group["deployment_config_name"], "CodeDeployDefault.OneAtATime", "CodeDeploy's default, hosts-based");
}

#[test]
fn auto_scaling_fleet_joins_one_instance_target_group_behind_the_production_listener() {
    let json = asg_json(|p| p);
    let tg = one(&json, "aws_lb_target_group");
    assert_eq!(tg["target_type"], "instance");
    assert_eq!(tg["name"], "orders-fleet-test");
    assert_eq!(tg["deregistration_delay"], "20");
    let info = &one(&json, "aws_codedeploy_deployment_group")["load_balancer_info"];
    assert_eq!(
        target(&info["target_group_info"][0]["name"]),
        format!("aws_lb_target_group.{}", testing::resources(&json, "aws_lb_target_group")[0].0)
    );
    let l = one(&json, "aws_lb_listener");
    assert_eq!(l["protocol"], "HTTPS");
    assert!(l.get("lifecycle").is_none(), "nothing swaps the listener on EC2");
}

#[test]
fn auto_scaling_minimum_healthy_hosts_is_a_custom_configuration() {
    let json = asg_json(|p| p.traffic(TrafficShifting::MinimumHealthy(MinimumHealthy::Hosts(2))));
    let config = one(&json, "aws_codedeploy_deployment_config");
    assert_eq!(config["compute_platform"], "Server");
    assert_eq!(config["minimum_healthy_hosts"], json!({ "type": "HOST_COUNT", "value": 2 }));
    let json = asg_json(|p| p.traffic(TrafficShifting::HalfAtATime));
    assert_eq!(
        one(&json, "aws_codedeploy_deployment_group")["deployment_config_name"],
        "CodeDeployDefault.HalfAtATime"
    );
}

#[test]
fn auto_scaling_role_has_the_server_policy_and_may_launch_the_copies() {
    let json = asg_json(|p| p);
    let arn = one(&json, "aws_iam_role_policy_attachment")["policy_arn"].as_str().unwrap();
    assert!(arn.ends_with("}:iam::aws:policy/service-role/AWSCodeDeployRole"), "{arn}");
    let policy: Value = serde_json::from_str(one(&json, "aws_iam_role_policy")["policy"].as_str().unwrap()).unwrap();
    let statements = policy["Statement"].as_array().unwrap();
    assert!(statements
        .iter()
        .any(|s| s["Action"] == "iam:PassRole" && s["Resource"] == "arn:aws:iam::111111111111:role/orders-instance"));
    assert!(statements.iter().any(|s| s["Action"] == json!(["ec2:RunInstances", "ec2:CreateTags"])));
}

#[test]
fn auto_scaling_target_group_alarms_count_once() {
    let json = asg_json(|p| {
        p.alarms([
            RollbackAlarm::TargetGroup5xxRate { percent: 2.0 },
            RollbackAlarm::TargetGroupLatency { p99_seconds: 2.0 },
        ])
    });
    assert_eq!(testing::resources(&json, "aws_cloudwatch_metric_alarm").len(), 2);
    assert_eq!(
        one(&json, "aws_codedeploy_deployment_group")["alarm_configuration"]["alarms"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn time_based_shifting_on_ec2_is_an_error_naming_what_works() {
    assert_eq!(
        asg_error(|l| l, |p| p.traffic(TrafficShifting::Linear { percent: 10, every_minutes: 10 })),
        "[apps/orders] linear 10 % every 10 minutes cannot be used on EC2/Server: CodeDeploy shifts traffic by time \
         only on ECS and Lambda; on EC2 / Auto Scaling it replaces instances in batches of hosts: use a hosts-based \
         configuration (TrafficShifting::OneAtATime, HalfAtATime, AllAtOnce or MinimumHealthy(..)), or deploy the \
         service on ECS or Lambda for time-based shifting"
    );
    assert!(asg_error(|l| l, |p| p.traffic(TrafficShifting::Canary { percent: 10, minutes: 5 }))
        .starts_with("[apps/orders] canary 10 % for 5 minutes cannot be used on EC2/Server"));
}

#[test]
fn a_test_listener_on_ec2_is_an_error() {
    assert_eq!(
        asg_error(|l| l.test_port(8443), |p| p),
        "[apps/orders] test listener port 8443: EC2/Server blue/green deployments have no test traffic route: \
         remove .test_port(..) from the load balancer, or deploy the service on ECS to test before shifting"
    );
}

// Lambda

fn lambda_json(adjust: impl FnOnce(LambdaBlueGreenPropsBuilder) -> LambdaBlueGreenPropsBuilder) -> Value {
    testing::synth(|stack| {
        CodeDeployBlueGreen::lambda(stack, "api", adjust(LambdaBlueGreenProps::builder()).build().unwrap()).unwrap();
    })
}

fn lambda_error(adjust: impl FnOnce(LambdaBlueGreenPropsBuilder) -> LambdaBlueGreenPropsBuilder) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "apps", &Environment::new("prod").unwrap());
    CodeDeployBlueGreen::lambda(&stack, "api", adjust(LambdaBlueGreenProps::builder()).build().unwrap())
        .unwrap_err()
        .to_string()
}

#[test]
fn snapshot_lambda() {
    insta::assert_json_snapshot!(lambda_json(|p| p
        .traffic(TrafficShifting::Linear { percent: 10, every_minutes: 1 })
        .alarms([RollbackAlarm::existing("api-errors-test")])));
}

#[test]
fn lambda_shifts_traffic_by_time_with_the_lambda_policy() {
    let json = lambda_json(|p| {
        p.traffic(TrafficShifting::Canary { percent: 10, minutes: 30 })
            .alarms([RollbackAlarm::existing("api-errors-test")])
    });
    assert_eq!(one(&json, "aws_codedeploy_app")["compute_platform"], "Lambda");
    let group = one(&json, "aws_codedeploy_deployment_group");
    assert_eq!(group["deployment_config_name"], "CodeDeployDefault.LambdaCanary10Percent30Minutes");
    assert_eq!(
        group["deployment_style"],
        json!({ "deployment_option": "WITH_TRAFFIC_CONTROL", "deployment_type": "BLUE_GREEN" })
    );
    assert!(group.get("blue_green_deployment_config").is_none() && group.get("load_balancer_info").is_none());
    assert_eq!(group["alarm_configuration"]["alarms"], json!(["api-errors-test"]));
    let arn = one(&json, "aws_iam_role_policy_attachment")["policy_arn"].as_str().unwrap();
    assert!(arn.ends_with("}:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda"), "{arn}");

    let json = lambda_json(|p| p.traffic(TrafficShifting::Linear { percent: 50, every_minutes: 4 }));
    let config = one(&json, "aws_codedeploy_deployment_config");
    assert_eq!(config["compute_platform"], "Lambda");
    assert_eq!(config["traffic_routing_config"]["time_based_linear"], json!({ "interval": 4, "percentage": 50 }));
}

#[test]
fn lambda_bad_inputs_are_errors() {
    assert_eq!(
        lambda_error(|p| p.readiness(Readiness::ManualApproval { wait_minutes: 60 })),
        "[apps/api] a manual approval (60 minutes): Lambda deployments do not wait for approval: validate the new \
         version in a BeforeAllowTraffic hook of the AppSpec, or use Readiness::ContinueImmediately"
    );
    assert_eq!(
        lambda_error(|p| p.alarms([RollbackAlarm::TargetGroupLatency { p99_seconds: 1.0 }])),
        "[apps/api] rollback alarm `p99 latency above 1 s` watches target groups, and a Lambda deployment has none: \
         pass the function's alarms with RollbackAlarm::existing(alarm.alarm_name())"
    );
    assert_eq!(
        lambda_error(|p| p.traffic(TrafficShifting::OneAtATime)),
        "[apps/api] one host at a time cannot be used on Lambda: hosts-based configurations exist on EC2/Server only: \
         use TrafficShifting::AllAtOnce, Canary { percent, minutes } or Linear { percent, every_minutes }"
    );
}

#[test]
fn deployments_declare_the_controls_they_implement() {
    let app = App::new();
    let stack = Stack::new(&app, "apps", &Environment::new("prod").unwrap());
    let props = LambdaBlueGreenProps::builder().alarms([RollbackAlarm::existing("api-errors")]).build().unwrap();
    CodeDeployBlueGreen::lambda(&stack, "api", props).unwrap();
    let controls: Vec<(&str, String)> = app.controls().iter().map(|i| (i.control.id, i.path.clone())).collect();
    assert_eq!(
        controls,
        [("CM-3", "apps/api".to_string()), ("CP-10", "apps/api".to_string()), ("SI-4", "apps/api".to_string())]
    );
}
