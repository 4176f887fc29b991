//! The AWS CLI (a real client with its own parsers, from PyPI) walks the ECS walkthrough
//! against the standalone sandbox binary: every call must succeed and print what AWS
//! prints. `cargo xtask test` installs the CLI and points BERTH_AWS_CLI at it.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Endpoint {
    child: Child,
    url: String,
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Endpoint {
    start_at("1")
}

fn start_at(speed: &str) -> Endpoint {
    spawn(Command::new(env!("CARGO_BIN_EXE_berth-sandbox")).args(["--port", "0", "--speed", speed]))
}

fn spawn(command: &mut Command) -> Endpoint {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("listening line").to_string();
    Endpoint { child, url }
}

struct Cli {
    exe: PathBuf,
    url: String,
    home: tempfile::TempDir,
}

impl Cli {
    /// Runs `aws <args>` and returns its JSON output; fails the test with the CLI's own
    /// error text when the call fails.
    fn run(&self, args: &[&str]) -> Value {
        let out = self.run_as("AKIDSANDBOX", "sandbox-secret", args);
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success(), "aws {} failed:\n{}{}", args.join(" "), stdout, String::from_utf8_lossy(&out.stderr));
        if stdout.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&stdout).unwrap_or(Value::String(stdout))
        }
    }

    /// Runs `aws <args>` signed with the given key pair.
    fn run_as(&self, key: &str, secret: &str, args: &[&str]) -> std::process::Output {
        Command::new(&self.exe)
            .args(args)
            .args(["--endpoint-url", &self.url, "--output", "json"])
            .env("HOME", self.home.path())
            .env("AWS_ACCESS_KEY_ID", key)
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", self.home.path().join("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", self.home.path().join("credentials"))
            .env("AWS_PAGER", "")
            .env_remove("AWS_PROFILE")
            .output()
            .expect("the AWS CLI runs")
    }
}

#[test]
#[ignore = "needs the AWS CLI: run through `cargo xtask test`"]
fn the_walkthrough_with_the_aws_cli() {
    let exe = std::env::var_os("BERTH_AWS_CLI").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("aws"));
    let endpoint = start();
    let cli = Cli { exe, url: endpoint.url.clone(), home: tempfile::tempdir().unwrap() };

    // 1. A cluster.
    let cluster = cli.run(&["ecs", "create-cluster", "--cluster-name", "walk"]);
    assert_eq!(cluster["cluster"]["status"], "ACTIVE");
    assert_eq!(cluster["cluster"]["clusterArn"], "arn:aws:ecs:us-east-1:000000000000:cluster/walk");

    // 2. A repository, Docker's password, and the network the tasks will use.
    let repo = cli.run(&["ecr", "create-repository", "--repository-name", "my-app-repo"]);
    let uri = repo["repository"]["repositoryUri"].as_str().unwrap().to_string();
    assert_eq!(uri, "000000000000.dkr.ecr.us-east-1.amazonaws.com/my-app-repo");
    let password = cli.run(&["ecr", "get-login-password"]);
    let password = password.as_str().unwrap().trim();
    assert!(password.len() > 20 && !password.starts_with("AWS:"), "{password}");
    let subnets = cli.run(&["ec2", "describe-subnets"]);
    let subnet_ids: Vec<String> =
        subnets["Subnets"].as_array().unwrap().iter().map(|s| s["SubnetId"].as_str().unwrap().to_string()).collect();
    assert_eq!(subnet_ids.len(), 3);
    let vpc = subnets["Subnets"][0]["VpcId"].as_str().unwrap().to_string();
    let sg = cli.run(&["ec2", "create-security-group", "--group-name", "my-app-sg", "--description", "my app", "--vpc-id", &vpc]);
    let sg = sg["GroupId"].as_str().unwrap().to_string();
    let ingress = cli.run(&[
        "ec2",
        "authorize-security-group-ingress",
        "--group-id",
        &sg,
        "--protocol",
        "tcp",
        "--port",
        "80",
        "--cidr",
        "0.0.0.0/0",
    ]);
    assert_eq!(ingress["Return"], true);

    // 3. The execution role ECS pulls and logs with, and a task definition from
    // --cli-input-json, logging to CloudWatch Logs.
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    cli.run(&["iam", "create-role", "--role-name", "ecsTaskExecutionRole", "--assume-role-policy-document", trust]);
    let policy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
    cli.run(&["iam", "attach-role-policy", "--role-name", "ecsTaskExecutionRole", "--policy-arn", policy]);
    cli.run(&["logs", "create-log-group", "--log-group-name", "/ecs/my-app"]);
    let td_file = cli.home.path().join("td.json");
    let task_definition = |tag: &str| {
        serde_json::json!({
            "family": "my-app-task",
            "networkMode": "awsvpc",
            "requiresCompatibilities": ["FARGATE"],
            "cpu": "256",
            "memory": "512",
            "executionRoleArn": "arn:aws:iam::000000000000:role/ecsTaskExecutionRole",
            "containerDefinitions": [{
                "name": "web",
                "image": format!("{uri}:{tag}"),
                "essential": true,
                "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
                "environment": [{"name": "NODE_ENV", "value": "production"}],
                "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/my-app", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web"}}
            }]
        })
        .to_string()
    };
    std::fs::write(&td_file, task_definition("v1")).unwrap();
    let input = format!("file://{}", td_file.display());
    let td = cli.run(&["ecs", "register-task-definition", "--cli-input-json", &input]);
    assert_eq!(td["taskDefinition"]["taskDefinitionArn"], "arn:aws:ecs:us-east-1:000000000000:task-definition/my-app-task:1");
    assert_eq!(td["taskDefinition"]["containerDefinitions"][0]["portMappings"][0]["hostPort"], 8080);

    // 4. One-off tasks.
    let network =
        format!("awsvpcConfiguration={{subnets=[{},{}],securityGroups=[{sg}],assignPublicIp=ENABLED}}", subnet_ids[0], subnet_ids[1]);
    let run = cli.run(&[
        "ecs",
        "run-task",
        "--cluster",
        "walk",
        "--task-definition",
        "my-app-task",
        "--launch-type",
        "FARGATE",
        "--count",
        "2",
        "--network-configuration",
        &network,
    ]);
    assert_eq!(run["tasks"].as_array().unwrap().len(), 2);
    assert_eq!(run["tasks"][0]["lastStatus"], "PROVISIONING");
    assert_eq!(run["failures"], serde_json::json!([]));
    let listed = cli.run(&["ecs", "list-tasks", "--cluster", "walk"]);
    assert_eq!(listed["taskArns"].as_array().unwrap().len(), 2);

    // 5. An Application Load Balancer with a target group and an HTTP listener.
    let lb = cli.run(&[
        "elbv2",
        "create-load-balancer",
        "--name",
        "my-app-alb",
        "--subnets",
        &subnet_ids[0],
        &subnet_ids[1],
        "--security-groups",
        &sg,
    ]);
    let lb_arn = lb["LoadBalancers"][0]["LoadBalancerArn"].as_str().unwrap().to_string();
    assert!(lb["LoadBalancers"][0]["DNSName"].as_str().unwrap().starts_with("my-app-alb-"));
    let tg = cli.run(&[
        "elbv2",
        "create-target-group",
        "--name",
        "my-app-tg",
        "--protocol",
        "HTTP",
        "--port",
        "8080",
        "--vpc-id",
        &vpc,
        "--target-type",
        "ip",
        "--health-check-path",
        "/health",
    ]);
    let tg_arn = tg["TargetGroups"][0]["TargetGroupArn"].as_str().unwrap().to_string();
    let listener = cli.run(&[
        "elbv2",
        "create-listener",
        "--load-balancer-arn",
        &lb_arn,
        "--protocol",
        "HTTP",
        "--port",
        "80",
        "--default-actions",
        &format!("Type=forward,TargetGroupArn={tg_arn}"),
    ]);
    assert_eq!(listener["Listeners"][0]["Port"], 80);

    // A three-task service behind it.
    let svc = cli.run(&[
        "ecs",
        "create-service",
        "--cluster",
        "walk",
        "--service-name",
        "my-app-svc",
        "--task-definition",
        "my-app-task:1",
        "--desired-count",
        "3",
        "--launch-type",
        "FARGATE",
        "--network-configuration",
        &network,
        "--load-balancers",
        &format!("targetGroupArn={tg_arn},containerName=web,containerPort=8080"),
    ]);
    assert_eq!(svc["service"]["desiredCount"], 3);
    assert_eq!(svc["service"]["loadBalancers"][0]["containerPort"], 8080);
    assert_eq!(svc["service"]["deployments"][0]["status"], "PRIMARY");

    // 6. Scaling on CPU, metrics and logs.
    let target = cli.run(&[
        "application-autoscaling",
        "register-scalable-target",
        "--service-namespace",
        "ecs",
        "--resource-id",
        "service/walk/my-app-svc",
        "--scalable-dimension",
        "ecs:service:DesiredCount",
        "--min-capacity",
        "2",
        "--max-capacity",
        "6",
    ]);
    assert!(target["ScalableTargetARN"]
        .as_str()
        .unwrap()
        .starts_with("arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target/"));
    let policy = cli.run(&[
        "application-autoscaling", "put-scaling-policy", "--policy-name", "cpu50", "--service-namespace", "ecs",
        "--resource-id", "service/walk/my-app-svc", "--scalable-dimension", "ecs:service:DesiredCount", "--policy-type", "TargetTrackingScaling",
        "--target-tracking-scaling-policy-configuration",
        r#"{"TargetValue":50.0,"PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"},"ScaleOutCooldown":60,"ScaleInCooldown":120}"#,
    ]);
    assert_eq!(policy["Alarms"].as_array().unwrap().len(), 2);

    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let minute = now - now % 60;
    for (i, v) in [10.0, 20.0, 60.0].iter().enumerate() {
        let at = (minute - 120 + i as u64 * 60).to_string();
        cli.run(&[
            "cloudwatch",
            "put-metric-data",
            "--namespace",
            "Walk/App",
            "--metric-name",
            "Requests",
            "--dimensions",
            "Service=my-app-svc",
            "--value",
            &v.to_string(),
            "--unit",
            "Count",
            "--timestamp",
            &at,
        ]);
    }
    let stats = cli.run(&[
        "cloudwatch",
        "get-metric-statistics",
        "--namespace",
        "Walk/App",
        "--metric-name",
        "Requests",
        "--dimensions",
        "Name=Service,Value=my-app-svc",
        "--start-time",
        &(minute - 300).to_string(),
        "--end-time",
        &(minute + 60).to_string(),
        "--period",
        "60",
        "--statistics",
        "Sum",
        "Maximum",
    ]);
    assert_eq!(stats["Datapoints"].as_array().unwrap().len(), 3);
    assert_eq!(stats["Label"], "Requests");
    let queries = r#"[{"Id":"r","MetricStat":{"Metric":{"Namespace":"Walk/App","MetricName":"Requests","Dimensions":[{"Name":"Service","Value":"my-app-svc"}]},"Period":60,"Stat":"Sum"}},{"Id":"double","Expression":"r * 2"}]"#;
    let data = cli.run(&[
        "cloudwatch",
        "get-metric-data",
        "--metric-data-queries",
        queries,
        "--start-time",
        &(minute - 300).to_string(),
        "--end-time",
        &(minute + 60).to_string(),
    ]);
    assert_eq!(data["MetricDataResults"][0]["Values"], serde_json::json!([60.0, 20.0, 10.0]));
    assert_eq!(data["MetricDataResults"][1]["Values"], serde_json::json!([120.0, 40.0, 20.0]));

    cli.run(&["logs", "create-log-stream", "--log-group-name", "/ecs/my-app", "--log-stream-name", "web/web/0123abcd"]);
    let ms = now * 1000;
    let events = format!(
        r#"[{{"timestamp":{},"message":"GET /health 200"}},{{"timestamp":{},"message":"ERROR upstream timed out"}}]"#,
        ms - 2000,
        ms - 1000
    );
    let put = cli.run(&[
        "logs",
        "put-log-events",
        "--log-group-name",
        "/ecs/my-app",
        "--log-stream-name",
        "web/web/0123abcd",
        "--log-events",
        &events,
    ]);
    assert!(put["nextSequenceToken"].is_string());
    let filtered = cli.run(&["logs", "filter-log-events", "--log-group-name", "/ecs/my-app", "--filter-pattern", "ERROR"]);
    assert_eq!(filtered["events"].as_array().unwrap().len(), 1);
    assert_eq!(filtered["events"][0]["message"], "ERROR upstream timed out");

    // 7. A new revision rolled out to the service.
    std::fs::write(&td_file, task_definition("v2")).unwrap();
    let td2 = cli.run(&["ecs", "register-task-definition", "--cli-input-json", &input]);
    assert_eq!(td2["taskDefinition"]["revision"], 2);
    let updated = cli.run(&["ecs", "update-service", "--cluster", "walk", "--service", "my-app-svc", "--task-definition", "my-app-task:2"]);
    let deployments = updated["service"]["deployments"].as_array().unwrap();
    assert_eq!(deployments.len(), 2);
    assert_eq!(deployments[0]["taskDefinition"], "arn:aws:ecs:us-east-1:000000000000:task-definition/my-app-task:2");
    assert_eq!(deployments[1]["status"], "ACTIVE");
    let described = cli.run(&["ecs", "describe-services", "--cluster", "walk", "--services", "my-app-svc"]);
    assert_eq!(described["services"][0]["desiredCount"], 3);
    let health = cli.run(&["elbv2", "describe-target-health", "--target-group-arn", &tg_arn]);
    assert!(health["TargetHealthDescriptions"].is_array());

    // Errors reach the CLI in its own error format with AWS's codes.
    let out = Command::new(&cli.exe)
        .args(["ecs", "describe-services", "--cluster", "nope", "--services", "x", "--endpoint-url", &cli.url])
        .env("HOME", cli.home.path())
        .env("AWS_ACCESS_KEY_ID", "AKIDSANDBOX")
        .env("AWS_SECRET_ACCESS_KEY", "sandbox-secret")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("An error occurred (ClusterNotFoundException) when calling the DescribeServices operation: Cluster not found."),
        "{err}"
    );
}

/// The simulation as the AWS CLI sees it: a service comes up and reaches a steady state,
/// then rolls to a new revision, all readable with describe-services.
#[test]
#[ignore = "needs the AWS CLI: run through `cargo xtask test`"]
fn a_rolling_deployment_read_through_the_aws_cli() {
    let exe = std::env::var_os("BERTH_AWS_CLI").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("aws"));
    let endpoint = start_at("40");
    let cli = Cli { exe, url: endpoint.url.clone(), home: tempfile::tempdir().unwrap() };
    cli.run(&["ecs", "create-cluster", "--cluster-name", "roll"]);
    let subnets = cli.run(&["ec2", "describe-subnets"]);
    let subnet = subnets["Subnets"][0]["SubnetId"].as_str().unwrap().to_string();
    let definition = |image: &str| {
        serde_json::json!({
            "family": "web", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
            "containerDefinitions": [{"name": "web", "image": image, "essential": true, "portMappings": [{"containerPort": 80}]}],
        })
        .to_string()
    };
    cli.run(&["ecs", "register-task-definition", "--cli-input-json", &definition("nginx:1")]);
    let network = format!("awsvpcConfiguration={{subnets=[{subnet}],assignPublicIp=ENABLED}}");
    cli.run(&[
        "ecs",
        "create-service",
        "--cluster",
        "roll",
        "--service-name",
        "web",
        "--task-definition",
        "web:1",
        "--desired-count",
        "2",
        "--launch-type",
        "FARGATE",
        "--network-configuration",
        &network,
    ]);

    let wait = |what: &str, done: &dyn Fn(&Value) -> bool| -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let out = cli.run(&["ecs", "describe-services", "--cluster", "roll", "--services", "web"]);
            if done(&out["services"][0]) {
                return out["services"][0].clone();
            }
            assert!(std::time::Instant::now() < deadline, "{what}: {out}");
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    };
    let steady = |s: &Value| {
        s["events"][0]["message"].as_str().is_some_and(|m| m.ends_with("has reached a steady state."))
            && s["deployments"].as_array().is_some_and(|d| d.len() == 1)
    };
    let first = wait("steady state", &steady);
    assert_eq!(first["runningCount"], 2);
    assert_eq!(first["deployments"][0]["rolloutState"], "COMPLETED");

    cli.run(&["ecs", "register-task-definition", "--cli-input-json", &definition("nginx:2")]);
    let rolling = cli.run(&["ecs", "update-service", "--cluster", "roll", "--service", "web", "--task-definition", "web:2"]);
    assert_eq!(rolling["service"]["deployments"][0]["status"], "PRIMARY");
    assert_eq!(rolling["service"]["deployments"][0]["rolloutState"], "IN_PROGRESS");
    assert_eq!(rolling["service"]["deployments"][1]["status"], "ACTIVE");
    let rolled = wait("the rollout", &|s: &Value| {
        steady(s) && s["taskDefinition"].as_str().is_some_and(|t| t.ends_with(":2")) && s["deployments"][0]["rolloutState"] == "COMPLETED"
    });
    let messages: Vec<&str> = rolled["events"].as_array().unwrap().iter().filter_map(|e| e["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("deployment completed.")), "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("(service web) has stopped 2 running tasks")
                || m.starts_with("(service web) has stopped 1 running tasks")),
        "{messages:?}"
    );
}

/// `--require-signature`: the CLI's own SigV4 signer gets through with the sandbox's key
/// pair, in every protocol; a wrong secret or an unknown key is refused as AWS refuses it.
#[test]
#[ignore = "needs the AWS CLI: run through `cargo xtask test`"]
fn signatures_are_required_when_asked_for() {
    let exe = PathBuf::from(std::env::var("BERTH_AWS_CLI").expect("BERTH_AWS_CLI names the AWS CLI"));
    let endpoint = spawn(
        Command::new(env!("CARGO_BIN_EXE_berth-sandbox"))
            .args(["--port", "0", "--require-signature"])
            .env("AWS_ACCESS_KEY_ID", "AKIDSANDBOX")
            .env("AWS_SECRET_ACCESS_KEY", "sandbox-secret"),
    );
    let cli = Cli { exe, url: endpoint.url.clone(), home: tempfile::tempdir().unwrap() };
    cli.run(&["ecs", "create-cluster", "--cluster-name", "signed"]);
    cli.run(&["ec2", "describe-subnets"]);
    cli.run(&["elbv2", "describe-load-balancers"]);
    cli.run(&["cloudwatch", "list-metrics"]);
    cli.run(&["logs", "describe-log-groups"]);
    cli.run(&["sts", "get-caller-identity"]);
    let refused = |key: &str, secret: &str, args: &[&str], code: &str| {
        let out = cli.run_as(key, secret, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(code), "aws {} as {key}: expected {code}, got: {stderr}", args.join(" "));
    };
    refused("AKIDSANDBOX", "wrong-secret", &["ecs", "list-clusters"], "InvalidSignatureException");
    refused("AKIDOTHER", "sandbox-secret", &["ecs", "list-clusters"], "UnrecognizedClientException");
    refused("AKIDSANDBOX", "wrong-secret", &["elbv2", "describe-load-balancers"], "SignatureDoesNotMatch");
    refused("AKIDOTHER", "sandbox-secret", &["sts", "get-caller-identity"], "InvalidClientTokenId");
    refused("AKIDSANDBOX", "wrong-secret", &["ec2", "describe-subnets"], "AuthFailure");
    let clusters = cli.run(&["ecs", "list-clusters"]);
    assert_eq!(clusters["clusterArns"].as_array().map(Vec::len), Some(1), "only the signed call made a cluster: {clusters}");
}

/// The standard ECS roles made as the console makes them, through the AWS CLI (whose
/// IAM parser URL-decodes policy documents): the execution role with its managed policy,
/// the instance role in its instance profile, and IAM's refusals along the way.
#[test]
#[ignore = "needs the AWS CLI: run through `cargo xtask test`"]
fn the_standard_ecs_roles_through_the_aws_cli() {
    let exe = std::env::var_os("BERTH_AWS_CLI").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("aws"));
    let endpoint = start();
    let cli = Cli { exe, url: endpoint.url.clone(), home: tempfile::tempdir().unwrap() };
    let fails = |args: &[&str]| {
        let out = cli.run_as("AKIDSANDBOX", "sandbox-secret", args);
        assert!(!out.status.success(), "aws {} should fail", args.join(" "));
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let trust = |service: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{service}"}},"Action":"sts:AssumeRole"}}]}}"#
        )
    };

    let role = cli.run(&[
        "iam",
        "create-role",
        "--role-name",
        "ecsTaskExecutionRole",
        "--assume-role-policy-document",
        &trust("ecs-tasks.amazonaws.com"),
    ]);
    assert_eq!(role["Role"]["Arn"], "arn:aws:iam::000000000000:role/ecsTaskExecutionRole");
    assert!(role["Role"]["RoleId"].as_str().unwrap().starts_with("AROA"));
    // The CLI decodes the URL-encoded document back into JSON, as it does against AWS.
    assert_eq!(role["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"], "ecs-tasks.amazonaws.com");
    let again = fails(&[
        "iam",
        "create-role",
        "--role-name",
        "ECSTASKEXECUTIONROLE",
        "--assume-role-policy-document",
        &trust("ecs-tasks.amazonaws.com"),
    ]);
    assert!(again.contains("EntityAlreadyExists"), "{again}");
    let malformed = fails(&["iam", "create-role", "--role-name", "broken", "--assume-role-policy-document", "{not json"]);
    assert!(malformed.contains("MalformedPolicyDocument"), "{malformed}");
    let long = "r".repeat(65);
    let too_long = fails(&["iam", "create-role", "--role-name", &long, "--assume-role-policy-document", &trust("ecs-tasks.amazonaws.com")]);
    assert!(too_long.contains("ValidationError"), "{too_long}");

    let execution = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
    cli.run(&["iam", "attach-role-policy", "--role-name", "ecsTaskExecutionRole", "--policy-arn", execution]);
    let attached = cli.run(&["iam", "list-attached-role-policies", "--role-name", "ecsTaskExecutionRole"]);
    assert_eq!(attached["AttachedPolicies"][0]["PolicyName"], "AmazonECSTaskExecutionRolePolicy");
    let policy = cli.run(&["iam", "get-policy", "--policy-arn", execution]);
    assert_eq!(policy["Policy"]["AttachmentCount"], 1);
    let unknown = fails(&[
        "iam",
        "attach-role-policy",
        "--role-name",
        "ecsTaskExecutionRole",
        "--policy-arn",
        "arn:aws:iam::aws:policy/NoSuchPolicy",
    ]);
    assert!(unknown.contains("NoSuchEntity"), "{unknown}");

    cli.run(&["iam", "create-role", "--role-name", "ecsInstanceRole", "--assume-role-policy-document", &trust("ec2.amazonaws.com")]);
    cli.run(&[
        "iam",
        "attach-role-policy",
        "--role-name",
        "ecsInstanceRole",
        "--policy-arn",
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
    ]);
    let profile = cli.run(&["iam", "create-instance-profile", "--instance-profile-name", "ecsInstanceRole"]);
    assert_eq!(profile["InstanceProfile"]["Arn"], "arn:aws:iam::000000000000:instance-profile/ecsInstanceRole");
    cli.run(&["iam", "add-role-to-instance-profile", "--instance-profile-name", "ecsInstanceRole", "--role-name", "ecsInstanceRole"]);
    let second = fails(&[
        "iam",
        "add-role-to-instance-profile",
        "--instance-profile-name",
        "ecsInstanceRole",
        "--role-name",
        "ecsTaskExecutionRole",
    ]);
    assert!(second.contains("LimitExceeded"), "{second}");
    let got = cli.run(&["iam", "get-instance-profile", "--instance-profile-name", "ecsInstanceRole"]);
    assert_eq!(got["InstanceProfile"]["Roles"][0]["RoleName"], "ecsInstanceRole");

    // Roles the EC2 principal trusts, as a role picker would list them.
    let roles = cli.run(&["iam", "list-roles"]);
    let names: Vec<&str> = roles["Roles"].as_array().unwrap().iter().map(|r| r["RoleName"].as_str().unwrap()).collect();
    assert_eq!(names, ["ecsInstanceRole", "ecsTaskExecutionRole"]);
    let paged = cli.run(&["iam", "list-roles", "--max-items", "1"]);
    assert_eq!(paged["Roles"].as_array().unwrap().len(), 1);
    assert!(paged["NextToken"].is_string(), "{paged}");

    // Teardown in IAM's order: each refusal names what must go first.
    let in_profile = fails(&["iam", "delete-role", "--role-name", "ecsInstanceRole"]);
    assert!(in_profile.contains("DeleteConflict") && in_profile.contains("remove roles from instance profile"), "{in_profile}");
    let profile_in_use = fails(&["iam", "delete-instance-profile", "--instance-profile-name", "ecsInstanceRole"]);
    assert!(profile_in_use.contains("DeleteConflict"), "{profile_in_use}");
    cli.run(&["iam", "remove-role-from-instance-profile", "--instance-profile-name", "ecsInstanceRole", "--role-name", "ecsInstanceRole"]);
    cli.run(&["iam", "delete-instance-profile", "--instance-profile-name", "ecsInstanceRole"]);
    let attached_still = fails(&["iam", "delete-role", "--role-name", "ecsInstanceRole"]);
    assert!(attached_still.contains("must detach all policies first"), "{attached_still}");
    cli.run(&[
        "iam",
        "detach-role-policy",
        "--role-name",
        "ecsInstanceRole",
        "--policy-arn",
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
    ]);
    cli.run(&[
        "iam",
        "put-role-policy",
        "--role-name",
        "ecsInstanceRole",
        "--policy-name",
        "logs",
        "--policy-document",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}"#,
    ]);
    let inline = cli.run(&["iam", "get-role-policy", "--role-name", "ecsInstanceRole", "--policy-name", "logs"]);
    assert_eq!(inline["PolicyDocument"]["Statement"][0]["Action"], "logs:*");
    let inline_still = fails(&["iam", "delete-role", "--role-name", "ecsInstanceRole"]);
    assert!(inline_still.contains("must delete policies first"), "{inline_still}");
    cli.run(&["iam", "delete-role-policy", "--role-name", "ecsInstanceRole", "--policy-name", "logs"]);
    cli.run(&["iam", "delete-role", "--role-name", "ecsInstanceRole"]);
    let gone = fails(&["iam", "get-role", "--role-name", "ecsInstanceRole"]);
    assert!(gone.contains("NoSuchEntity"), "{gone}");
}

/// botocore's `target-deregistered` waiter (the one boto3 has too) succeeds once a
/// deregistered target has drained for the target group's delay: `draining` first, then
/// described as ELBv2 describes a target it does not know (`unused`, `Target.NotRegistered`).
#[test]
#[ignore = "needs the AWS CLI: run through `cargo xtask test`"]
fn the_target_deregistered_waiter_succeeds_after_draining() {
    let exe = std::env::var_os("BERTH_AWS_CLI").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("aws"));
    let endpoint = start_at("60");
    let cli = Cli { exe, url: endpoint.url.clone(), home: tempfile::tempdir().unwrap() };
    let vpc = cli.run(&["ec2", "describe-vpcs"])["Vpcs"][0]["VpcId"].as_str().unwrap().to_string();
    let tg = cli.run(&[
        "elbv2",
        "create-target-group",
        "--name",
        "drain-tg",
        "--protocol",
        "HTTP",
        "--port",
        "80",
        "--vpc-id",
        &vpc,
        "--target-type",
        "ip",
    ]);
    let tg_arn = tg["TargetGroups"][0]["TargetGroupArn"].as_str().unwrap().to_string();
    let target = "Id=172.31.0.10,Port=80";
    cli.run(&["elbv2", "register-targets", "--target-group-arn", &tg_arn, "--targets", target]);
    cli.run(&["elbv2", "deregister-targets", "--target-group-arn", &tg_arn, "--targets", target]);
    let health = cli.run(&["elbv2", "describe-target-health", "--target-group-arn", &tg_arn, "--targets", target]);
    assert_eq!(health["TargetHealthDescriptions"][0]["TargetHealth"]["State"], "draining", "{health}");
    // 300 simulated seconds of deregistration delay pass in 5 wall seconds at speed 60.
    cli.run(&["elbv2", "wait", "target-deregistered", "--target-group-arn", &tg_arn, "--targets", target]);
    let after = cli.run(&["elbv2", "describe-target-health", "--target-group-arn", &tg_arn, "--targets", target]);
    assert_eq!(after["TargetHealthDescriptions"][0]["TargetHealth"]["State"], "unused", "{after}");
    assert_eq!(after["TargetHealthDescriptions"][0]["TargetHealth"]["Reason"], "Target.NotRegistered", "{after}");
}
