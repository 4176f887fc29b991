//! A learner's EC2 cluster on the sandbox, end to end in the real window: the cluster
//! wizard with two t3.micro instances (the instance role made from the picker), both
//! registering in the Infrastructure tab, a bridge-mode revision from the task-definition
//! wizard, its task lowering its instance's free memory, a service larger than the
//! capacity (from the service wizard, behind an ALB with instance targets) that managed
//! scaling makes room for, a drained instance whose service tasks move, and the cluster
//! deleted with all of it.

use std::time::Duration;

use berth_e2e::{aws_json, aws_query, App};
use serde_json::{json, Value};

const TAB: &str = "//*[@role='tab'][.//*[normalize-space(text())='Infrastructure'] or normalize-space(text())='Infrastructure']";

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn an_ec2_cluster_is_created_scaled_drained_and_deleted() {
    let data = std::env::temp_dir().join(format!("berth-e2e-ec2-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let app = App::launch_sandbox_at(&data, "20");
    let endpoint = app.sandbox_endpoint();
    let ecs = |op: &str, body: Value| aws_json(&endpoint, "ecs", &format!("AmazonEC2ContainerServiceV20141113.{op}"), body);
    let asg = |body: &str| aws_query(&endpoint, "autoscaling", &format!("{body}&Version=2011-01-01"));

    // The wizard: Fargate and EC2 instances, the instance role created from the picker.
    app.link("Clusters").click();
    app.button("Create cluster").click();
    app.css("[data-testid=cluster-name] input").type_text("learn");
    app.button("Next").click();
    app.find("xpath", "//*[normalize-space(text())='Fargate and EC2 instances']").click();
    app.wait_text("ECS-optimized");
    app.css("[data-testid=instance-role-create]").click();
    app.wait_text("aws iam create-instance-profile --instance-profile-name ecsInstanceRole");
    app.css("[data-testid=create-standard-role]").click();
    app.until("the instance profile chosen", Duration::from_secs(20), |_| {
        app.css("[data-testid=instance-role] input").value().contains(":instance-profile/ecsInstanceRole")
    });
    app.wait_text("AMI ami-");
    // The types with their size, architecture, price and free tier, as the picker lists them.
    app.css("[data-testid=instance-type] button").click();
    app.wait_text("2 vCPU · 1 GiB · x86_64 · $0.0104/hour · free tier eligible");
    app.screenshot("39-ec2-cluster-wizard");
    app.find("xpath", "//*[@role='option'][contains(., 't3.micro')]").click();
    app.button("Next").click();
    app.wait_text("balanced across their Availability Zones");
    app.button("Next").click();
    app.button("Next").click();
    app.wait_text("Create Auto Scaling group learn-asg (0 to 4 instances, 2 now");
    let plan = app.css("[data-testid=capacity-plan]").text();
    for call in [
        "aws ecs create-cluster",
        "aws ec2 create-launch-template",
        "aws autoscaling create-auto-scaling-group",
        "aws ecs create-capacity-provider",
        "aws ecs put-cluster-capacity-providers",
    ] {
        assert!(plan.contains(call), "the plan shows {call}: {plan}");
    }
    // What the instances cost at the desired count, before anything is made.
    let cost = app.css("[data-testid=capacity-cost]").text();
    assert!(cost.contains("$0.0208 per hour") && cost.contains("up to 4 instances"), "{cost}");
    app.screenshot("40-ec2-capacity-plan");
    app.button("Create cluster").click();
    app.wait_text("instances are starting");

    // Both instances register with what a t3.micro offers, in the Infrastructure tab.
    app.find("xpath", TAB).click();
    app.until("two registered t3.micro instances", Duration::from_secs(60), |body| body.matches("0 of 998 MiB reserved").count() == 2);
    app.wait_text("Launching a new EC2 instance");
    app.css("[data-testid=provider-learn-asg]").scroll_to();
    app.screenshot("41-infrastructure-tab");

    // A bridge-mode revision from the wizard: EC2 only, no task size, the container's own
    // CPU and memory, and a dynamic host port.
    app.link("Task definitions").click();
    app.button("Create task definition").click();
    app.css("[data-testid=family] input").type_text("bridge-web");
    app.find("xpath", "//*[normalize-space(text())='Amazon EC2']").click();
    app.choose("network-mode", "bridge");
    app.css("[data-testid=task-cpu] input").replace_text("");
    app.css("[data-testid=task-memory] input").replace_text("");
    app.button("Next").click();
    app.css("[data-testid=container-name] input").replace_text("web");
    app.css("[data-testid=container-image] input").type_text("public.ecr.aws/nginx/nginx:latest");
    app.css("[data-testid=container-cpu] input").type_text("256");
    app.css("[data-testid=container-memory] input").type_text("400");
    app.button("Add port mapping").click();
    app.wait_text("dynamic one from 49153");
    assert_eq!(app.css("[data-testid=host-port] input").value(), "", "the host port starts dynamic");
    app.css("[data-testid=container-0]").scroll_to();
    app.screenshot("46-bridge-task-definition");
    app.button("Next").click();
    app.wait_text("Equivalent AWS CLI command");
    app.button("Register").click();
    app.wait_text("Registered bridge-web:1");
    let td = ecs("DescribeTaskDefinition", json!({"taskDefinition": "bridge-web:1"}))["taskDefinition"].clone();
    assert_eq!(td["networkMode"], "bridge", "{td}");
    assert!(td.get("memory").is_none() && td.get("cpu").is_none(), "no task size: {td}");
    let web = &td["containerDefinitions"][0];
    assert_eq!(
        (web["cpu"].as_i64(), web["memory"].as_i64(), web["portMappings"][0]["hostPort"].as_i64()),
        (Some(256), Some(400), Some(0)),
        "{td}"
    );

    // A bridge-mode task: its instance's free memory falls by its 400 MiB.
    // From the family's page, which opens Run task with the revision chosen.
    app.wait_text("Revisions");
    app.button("Run task").click();
    app.wait_text("What to run");
    app.wait_text("bridge-web:1");
    app.choose("run-launch-type", "Capacity provider learn-asg");
    // memberOf's cluster query is checked by berth-core as it is typed.
    app.find("xpath", "//*[normalize-space(text())='Task placement']").click();
    app.css("[data-testid=run-member-of] input").type_text("attribute:ecs.instance-type = t3.micro");
    app.wait_text("is not an operator");
    app.css("[data-testid=run-member-of] input").replace_text("attribute:ecs.instance-type == t3.micro");
    app.wait_gone("is not an operator");
    app.screenshot("45-run-task-placement");
    app.until("the review", Duration::from_secs(20), |body| {
        if !body.contains("Equivalent AWS CLI command") {
            app.button("Next").click();
        }
        body.contains("Equivalent AWS CLI command")
    });
    let command = app.css("[data-testid=cli-command]").text();
    assert!(command.contains("--capacity-provider-strategy capacityProvider=learn-asg,weight=1"), "{command}");
    assert!(command.contains("type=memberOf,expression="), "{command}");
    app.button("Run task").click();
    app.wait_text("Started 1 task of bridge-web:1");
    app.link("Clusters").click();
    app.link("learn").click();
    app.find("xpath", TAB).click();
    app.until("one instance with 400 MiB reserved", Duration::from_secs(30), |body| body.contains("400 of 998 MiB reserved"));

    // A service larger than the capacity, from the wizard: on the cluster's EC2 provider
    // (chosen for an EC2 revision), spread across instances, behind a new ALB whose target
    // group is of type instance. Tasks wait, and managed scaling adds an instance.
    app.link("Services").click();
    app.button("Create service").click();
    app.wait_text("What runs");
    app.choose("service-cluster", "learn");
    app.choose("service-family", "bridge-web");
    app.until("the revision and its compute", Duration::from_secs(20), |b| {
        b.contains("bridge-web:1") && b.contains("Capacity provider strategy")
    });
    app.css("[data-testid=service-name] input").replace_text("web");
    app.css("[data-testid=service-desired] input").replace_text("4");
    app.find("xpath", "//*[normalize-space(text())='Task placement']").click();
    app.choose("service-strategy", "Spread across instances");
    app.screenshot("47-ec2-service-placement");
    app.button("Next").click();
    app.wait_text("The new load balancer's subnets and security groups");
    app.button("Next").click();
    app.wait_text("target group of type instance");
    app.button("Next").click();
    app.wait_text("Service auto scaling");
    app.find("xpath", "//*[normalize-space(text())='Scale the desired count with load']").click();
    app.button("Next").click();
    app.wait_text("AWS calls");
    app.until("the plan", Duration::from_secs(20), |b| b.contains("aws ecs create-service"));
    let plan = app.css("[data-testid=service-plan]").text();
    for part in [
        "--target-type instance",
        "--capacity-provider-strategy capacityProvider=learn-asg,weight=1,base=0",
        "--placement-strategy type=spread,field=instanceId",
    ] {
        assert!(plan.contains(part), "the plan has {part}: {plan}");
    }
    app.button("Create service").click();
    app.wait_text("Service web created");
    app.link("Clusters").click();
    app.link("learn").click();
    app.find("xpath", TAB).click();
    app.until("a third instance launched by managed scaling", Duration::from_secs(120), |body| {
        body.contains("ECSManagedAutoScalingPolicy") && body.matches("t3.micro").count() >= 3
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        let s = &ecs("DescribeServices", json!({"cluster": "learn", "services": ["web"]}))["services"][0];
        if s["runningCount"] == 4 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "every task of the service runs: {s}");
        std::thread::sleep(Duration::from_millis(250));
    }
    app.css("[data-testid=provider-learn-asg]").scroll_to();
    app.screenshot("42-managed-scaling");

    // The cluster's reservation charts have data: the tasks' share of what the instances registered.
    app.link("Monitoring").click();
    app.until("the cluster's reservation charted", Duration::from_secs(60), |_| {
        let latest = app.css("[data-testid=cluster-reservation-latest]").text();
        latest.contains("Memory reservation") && !latest.contains('—')
    });
    app.screenshot("48-cluster-reservation");
    app.link("Clusters").click();
    app.link("learn").click();
    app.find("xpath", TAB).click();

    // Drain the instance that holds the standalone task: the service's tasks there move.
    let instances = ecs("ListContainerInstances", json!({"cluster": "learn"}))["containerInstanceArns"].clone();
    let described = ecs("DescribeContainerInstances", json!({"cluster": "learn", "containerInstances": instances}));
    let tasks = ecs("ListTasks", json!({"cluster": "learn"}))["taskArns"].clone();
    let all = ecs("DescribeTasks", json!({"cluster": "learn", "tasks": tasks}))["tasks"].clone();
    let lone = all
        .as_array()
        .unwrap()
        .iter()
        .find(|t| !t["group"].as_str().unwrap_or_default().starts_with("service:"))
        .expect("the standalone task")
        .clone();
    let host = lone["containerInstanceArn"].as_str().unwrap().to_string();
    let host_id = described["containerInstances"].as_array().unwrap().iter().find(|c| c["containerInstanceArn"] == host.as_str()).unwrap()
        ["ec2InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    app.wait_text(&host_id);
    app.script(
        &format!("document.evaluate(\"//tr[.//*[normalize-space(text())='{host_id}']]//input[@type='checkbox']\", document, null, 9, null).singleNodeValue.click()"),
        json!([]),
    );
    app.button("Drain").click();
    app.wait_text("DRAINING");
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        let on = ecs("ListTasks", json!({"cluster": "learn", "containerInstance": host}))["taskArns"].clone();
        let live = ecs("DescribeTasks", json!({"cluster": "learn", "tasks": on}))["tasks"].clone();
        let service_tasks = live.as_array().map(|a| a.iter().filter(|t| t["group"] == "service:web").count()).unwrap_or(0);
        let running = ecs("DescribeServices", json!({"cluster": "learn", "services": ["web"]}))["services"][0]["runningCount"].clone();
        if service_tasks == 0 && running == 4 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the drained instance's service tasks moved ({service_tasks} left, {running} running)"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    assert_eq!(
        ecs("DescribeTasks", json!({"cluster": "learn", "tasks": [lone["taskArn"]]}))["tasks"][0]["lastStatus"],
        "RUNNING",
        "DRAINING leaves standalone tasks alone"
    );
    app.screenshot("43-instance-drained");

    // The service goes first; then the cluster with all its capacity, and the role.
    ecs("DeleteService", json!({"cluster": "learn", "service": "web", "force": true}));
    // While its tasks stop the service is DRAINING, and the dialog says to wait for it.
    app.button("Delete cluster").click();
    app.wait_text("Scale Auto Scaling group learn-asg to 0 instances");
    app.wait_text("Delete role ecsInstanceRole, which Berth created");
    app.find("xpath", "//*[contains(normalize-space(.), 'Delete role ecsInstanceRole') and (self::label or self::span)]").click();
    app.css("[data-testid=confirm-name] input").type_text("learn");
    app.screenshot("44-delete-cluster-with-capacity");
    app.until("the service gone, so the cluster can go", Duration::from_secs(60), |_| app.css("[data-testid=confirm-delete]").enabled());
    app.css("[data-testid=confirm-delete]").click();
    app.until("the cluster and its capacity deleted", Duration::from_secs(180), |body| body.contains("and its capacity deleted"));

    let groups = asg("Action=DescribeAutoScalingGroups");
    assert!(!groups.contains("learn-asg"), "the group is gone: {groups}");
    let providers = ecs("DescribeCapacityProviders", json!({"capacityProviders": ["learn-asg"]}));
    assert_eq!(providers["capacityProviders"][0]["status"], "INACTIVE");
    let cluster = ecs("DescribeClusters", json!({"clusters": ["learn"]}));
    assert_eq!(cluster["clusters"][0]["status"], "INACTIVE");
    let templates = aws_query(&endpoint, "ec2", "Action=DescribeLaunchTemplates&Version=2016-11-15");
    assert!(!templates.contains("learn-asg"), "the launch template is gone: {templates}");
    let roles = aws_query(&endpoint, "iam", "Action=ListRoles&Version=2010-05-08");
    assert!(!roles.contains("ecsInstanceRole"), "the role Berth made is gone: {roles}");
    drop(app);
    let _ = std::fs::remove_dir_all(&data);
}
