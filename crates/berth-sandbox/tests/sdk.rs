//! Protocol tests: every service the sandbox serves, driven through the official AWS SDK
//! for Rust, so each wire protocol is parsed by a client nobody here wrote.

use crate::common;

use aws_sdk_ecs::types as ecs_t;
use common::{code, message, sandbox};

async fn default_subnets(config: &aws_config::SdkConfig) -> Vec<String> {
    let ec2 = aws_sdk_ec2::Client::new(config);
    let subnets = ec2.describe_subnets().send().await.unwrap();
    subnets.subnets().iter().filter_map(|s| s.subnet_id().map(String::from)).collect()
}

#[tokio::test]
async fn ec2_default_network_and_security_groups() {
    let (_s, config) = sandbox().await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let vpcs = ec2.describe_vpcs().send().await.unwrap();
    let vpc = &vpcs.vpcs()[0];
    assert_eq!(vpc.is_default(), Some(true));
    assert_eq!(vpc.cidr_block(), Some("172.31.0.0/16"));
    let vpc_id = vpc.vpc_id().unwrap().to_string();

    let subnets =
        ec2.describe_subnets().filters(aws_sdk_ec2::types::Filter::builder().name("vpc-id").values(&vpc_id).build()).send().await.unwrap();
    let zones: Vec<&str> = subnets.subnets().iter().filter_map(|s| s.availability_zone()).collect();
    assert_eq!(zones, ["us-east-1a", "us-east-1b", "us-east-1c"]);

    let azs = ec2.describe_availability_zones().send().await.unwrap();
    assert_eq!(azs.availability_zones().len(), 3);

    let sg = ec2.create_security_group().group_name("web").description("web tier").vpc_id(&vpc_id).send().await.unwrap();
    let sg_id = sg.group_id().unwrap().to_string();
    let rule = aws_sdk_ec2::types::IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(80)
        .to_port(80)
        .ip_ranges(aws_sdk_ec2::types::IpRange::builder().cidr_ip("0.0.0.0/0").build())
        .build();
    let ok = ec2.authorize_security_group_ingress().group_id(&sg_id).ip_permissions(rule.clone()).send().await.unwrap();
    assert_eq!(ok.r#return(), Some(true));
    let dup = ec2.authorize_security_group_ingress().group_id(&sg_id).ip_permissions(rule).send().await.unwrap_err();
    assert_eq!(code(&dup), "InvalidPermission.Duplicate");

    let again = ec2.create_security_group().group_name("web").description("x").vpc_id(&vpc_id).send().await.unwrap_err();
    assert_eq!(code(&again), "InvalidGroup.Duplicate");
    let missing = ec2.describe_security_groups().group_ids("sg-0000000000000000f").send().await.unwrap_err();
    assert_eq!(code(&missing), "InvalidGroup.NotFound");

    let groups = ec2.describe_security_groups().group_ids(&sg_id).send().await.unwrap();
    let perms = groups.security_groups()[0].ip_permissions();
    assert_eq!(perms[0].from_port(), Some(80));
    assert_eq!(perms[0].ip_ranges()[0].cidr_ip(), Some("0.0.0.0/0"));
}

#[tokio::test]
async fn ecs_task_definitions_tasks_and_services() {
    let (_s, config) = sandbox().await;
    let ecs = aws_sdk_ecs::Client::new(&config);
    let subnets = default_subnets(&config).await;
    let cluster = ecs
        .create_cluster()
        .cluster_name("walk")
        .settings(ecs_t::ClusterSetting::builder().name(ecs_t::ClusterSettingName::ContainerInsights).value("enabled").build())
        .tags(ecs_t::Tag::builder().key("team").value("web").build())
        .send()
        .await
        .unwrap();
    assert_eq!(cluster.cluster().unwrap().cluster_arn(), Some("arn:aws:ecs:us-east-1:000000000000:cluster/walk"));

    let container = |image: &str| {
        ecs_t::ContainerDefinition::builder()
            .name("web")
            .image(image)
            .port_mappings(ecs_t::PortMapping::builder().container_port(8080).build())
            .build()
    };
    // Fargate rules, each refused with ECS's code and a message naming the problem.
    let bad_size = ecs
        .register_task_definition()
        .family("web")
        .requires_compatibilities(ecs_t::Compatibility::Fargate)
        .network_mode(ecs_t::NetworkMode::Awsvpc)
        .cpu("256")
        .memory("4096")
        .container_definitions(container("nginx"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&bad_size), "ClientException");
    assert!(message(&bad_size).contains("256 CPU, 4096 memory"), "{}", message(&bad_size));
    let bridge = ecs
        .register_task_definition()
        .family("web")
        .requires_compatibilities(ecs_t::Compatibility::Fargate)
        .cpu("256")
        .memory("512")
        .container_definitions(container("nginx"))
        .send()
        .await
        .unwrap_err();
    assert!(message(&bridge).contains("awsvpc"), "{}", message(&bridge));
    let ecr_without_role = ecs
        .register_task_definition()
        .family("web")
        .requires_compatibilities(ecs_t::Compatibility::Fargate)
        .network_mode(ecs_t::NetworkMode::Awsvpc)
        .cpu("256")
        .memory("512")
        .container_definitions(container("000000000000.dkr.ecr.us-east-1.amazonaws.com/web:1"))
        .send()
        .await
        .unwrap_err();
    assert!(message(&ecr_without_role).contains("execution role"), "{}", message(&ecr_without_role));
    let ec2_without_memory =
        ecs.register_task_definition().family("web").container_definitions(container("nginx")).send().await.unwrap_err();
    assert!(message(&ec2_without_memory).contains("memoryReservation"), "{}", message(&ec2_without_memory));

    for revision in 1..=2 {
        let td = ecs
            .register_task_definition()
            .family("web")
            .requires_compatibilities(ecs_t::Compatibility::Fargate)
            .network_mode(ecs_t::NetworkMode::Awsvpc)
            .cpu("256")
            .memory("512")
            .container_definitions(container(&format!("nginx:1.{revision}")))
            .tags(ecs_t::Tag::builder().key("rev").value(revision.to_string()).build())
            .send()
            .await
            .unwrap();
        assert_eq!(td.task_definition().unwrap().revision(), revision);
    }
    let described = ecs.describe_task_definition().task_definition("web").include(ecs_t::TaskDefinitionField::Tags).send().await.unwrap();
    assert_eq!(described.task_definition().unwrap().revision(), 2);
    assert_eq!(described.tags()[0].value(), Some("2"));
    assert_eq!(described.task_definition().unwrap().container_definitions()[0].port_mappings()[0].host_port(), Some(8080));
    let families = ecs.list_task_definition_families().send().await.unwrap();
    assert_eq!(families.families(), ["web"]);
    let deregistered = ecs.deregister_task_definition().task_definition("web:1").send().await.unwrap();
    assert_eq!(deregistered.task_definition().unwrap().status(), Some(&ecs_t::TaskDefinitionStatus::Inactive));
    let active = ecs.list_task_definitions().family_prefix("web").send().await.unwrap();
    assert_eq!(active.task_definition_arns(), ["arn:aws:ecs:us-east-1:000000000000:task-definition/web:2"]);

    // RunTask: awsvpc needs subnets; 10 at most per call; tasks get an ENI with a private IP.
    let no_network =
        ecs.run_task().cluster("walk").task_definition("web").launch_type(ecs_t::LaunchType::Fargate).send().await.unwrap_err();
    assert_eq!(code(&no_network), "InvalidParameterException");
    let network = ecs_t::NetworkConfiguration::builder()
        .awsvpc_configuration(ecs_t::AwsVpcConfiguration::builder().set_subnets(Some(subnets.clone())).build().unwrap())
        .build();
    let too_many = ecs
        .run_task()
        .cluster("walk")
        .task_definition("web")
        .count(11)
        .launch_type(ecs_t::LaunchType::Fargate)
        .network_configuration(network.clone())
        .send()
        .await
        .unwrap_err();
    assert!(message(&too_many).contains("between 1 and 10"));
    let mut arns = vec![];
    for _ in 0..3 {
        let run = ecs
            .run_task()
            .cluster("walk")
            .task_definition("web")
            .count(10)
            .launch_type(ecs_t::LaunchType::Fargate)
            .network_configuration(network.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(run.tasks().len(), 10);
        assert!(run.failures().is_empty());
        arns.extend(run.tasks().iter().filter_map(|t| t.task_arn().map(String::from)));
    }
    let task = ecs.describe_tasks().cluster("walk").tasks(&arns[0]).send().await.unwrap();
    let t = &task.tasks()[0];
    assert_eq!(t.launch_type(), Some(&ecs_t::LaunchType::Fargate));
    assert_eq!(t.group(), Some("family:web"));
    let eni = &t.attachments()[0];
    assert_eq!(eni.r#type(), Some("ElasticNetworkInterface"));
    let ip = eni.details().iter().find(|d| d.name() == Some("privateIPv4Address")).and_then(|d| d.value()).unwrap();
    assert!(ip.starts_with("172.31."), "{ip}");

    // Pages of 100 at most, resumed by nextToken, with every task seen once.
    let mut seen = vec![];
    let mut token = None;
    loop {
        let page = ecs.list_tasks().cluster("walk").max_results(7).set_next_token(token).send().await.unwrap();
        seen.extend(page.task_arns().iter().cloned());
        token = page.next_token().map(String::from);
        if token.is_none() {
            break;
        }
    }
    seen.sort();
    let mut expected = arns.clone();
    expected.sort();
    assert_eq!(seen, expected);
    let over = ecs.describe_tasks().cluster("walk").set_tasks(Some(vec![arns[0].clone(); 101])).send().await.unwrap_err();
    assert_eq!(code(&over), "InvalidParameterException");
    let missing = ecs.describe_tasks().cluster("walk").tasks("0123456789abcdef0123456789abcdef").send().await.unwrap();
    assert_eq!(missing.failures()[0].reason(), Some("MISSING"));

    // Tasks come up through ECS's states.
    tokio::time::sleep(std::time::Duration::from_millis(2300)).await;
    let running = ecs.describe_tasks().cluster("walk").tasks(&arns[0]).send().await.unwrap();
    assert_eq!(running.tasks()[0].last_status(), Some("RUNNING"));
    let stopped = ecs.stop_task().cluster("walk").task(&arns[0]).reason("done").send().await.unwrap();
    assert_eq!(stopped.task().unwrap().desired_status(), Some("STOPPED"));
    assert_eq!(stopped.task().unwrap().stop_code(), Some(&ecs_t::TaskStopCode::UserInitiated));
    let stopped_list = ecs.list_tasks().cluster("walk").desired_status(ecs_t::DesiredStatus::Stopped).send().await.unwrap();
    assert_eq!(stopped_list.task_arns(), [arns[0].clone()]);

    // Services: create, describe, update to a new revision (a new PRIMARY deployment), delete.
    let svc = ecs
        .create_service()
        .cluster("walk")
        .service_name("front")
        .task_definition("web:2")
        .desired_count(3)
        .launch_type(ecs_t::LaunchType::Fargate)
        .network_configuration(network.clone())
        .send()
        .await
        .unwrap();
    let svc = svc.service().unwrap();
    assert_eq!(svc.deployments()[0].status(), Some("PRIMARY"));
    assert_eq!(svc.deployments()[0].rollout_state(), Some(&ecs_t::DeploymentRolloutState::InProgress));
    let dup = ecs
        .create_service()
        .cluster("walk")
        .service_name("front")
        .task_definition("web:2")
        .desired_count(1)
        .launch_type(ecs_t::LaunchType::Fargate)
        .network_configuration(network.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&dup), "Creation of service was not idempotent.");
    let bad_deploy = ecs
        .update_service()
        .cluster("walk")
        .service("front")
        .deployment_configuration(ecs_t::DeploymentConfiguration::builder().minimum_healthy_percent(100).maximum_percent(100).build())
        .send()
        .await
        .unwrap_err();
    assert!(message(&bad_deploy).contains("maximumPercent"), "{}", message(&bad_deploy));
    let td3 = ecs
        .register_task_definition()
        .family("web")
        .requires_compatibilities(ecs_t::Compatibility::Fargate)
        .network_mode(ecs_t::NetworkMode::Awsvpc)
        .cpu("512")
        .memory("1024")
        .container_definitions(container("nginx:2"))
        .send()
        .await
        .unwrap();
    let updated = ecs.update_service().cluster("walk").service("front").task_definition("web").send().await.unwrap();
    let deployments = updated.service().unwrap().deployments();
    assert_eq!(deployments.len(), 2);
    assert_eq!(deployments[0].task_definition(), td3.task_definition().unwrap().task_definition_arn());
    assert_eq!(deployments[1].status(), Some("ACTIVE"));
    let described = ecs.describe_services().cluster("walk").services("front").services("ghost").send().await.unwrap();
    assert_eq!(described.services().len(), 1);
    assert_eq!(described.failures()[0].reason(), Some("MISSING"));
    let refused = ecs.delete_cluster().cluster("walk").send().await.unwrap_err();
    assert_eq!(code(&refused), "ClusterContainsServicesException");
    let scaled = ecs.delete_service().cluster("walk").service("front").send().await.unwrap_err();
    assert!(message(&scaled).contains("scaled above 0"));
    let deleted = ecs.delete_service().cluster("walk").service("front").force(true).send().await.unwrap();
    assert_eq!(deleted.service().unwrap().status(), Some("DRAINING"));
    let gone = ecs.update_service().cluster("walk").service("ghost").desired_count(1).send().await.unwrap_err();
    assert_eq!(code(&gone), "ServiceNotFoundException");

    // Tags on a cluster, through the generic tagging operations.
    let arn = "arn:aws:ecs:us-east-1:000000000000:cluster/walk";
    ecs.tag_resource().resource_arn(arn).tags(ecs_t::Tag::builder().key("env").value("dev").build()).send().await.unwrap();
    ecs.untag_resource().resource_arn(arn).tag_keys("team").send().await.unwrap();
    let tags = ecs.list_tags_for_resource().resource_arn(arn).send().await.unwrap();
    assert_eq!(tags.tags().iter().filter_map(|t| t.key()).collect::<Vec<_>>(), ["env"]);
    let described = ecs
        .describe_clusters()
        .clusters("walk")
        .include(ecs_t::ClusterField::Statistics)
        .include(ecs_t::ClusterField::Settings)
        .send()
        .await
        .unwrap();
    let c = &described.clusters()[0];
    assert_eq!(c.settings()[0].value(), Some("enabled"));
    assert!(c.statistics().iter().any(|s| s.name() == Some("runningFargateTasksCount")));
    assert!(c.running_tasks_count() + c.pending_tasks_count() >= 29);
}

#[tokio::test]
async fn ecs_container_instances_and_placement() {
    let (_s, config) = sandbox().await;
    let ecs = aws_sdk_ecs::Client::new(&config);
    ecs.create_cluster().cluster_name("ec2").send().await.unwrap();
    ecs.register_task_definition()
        .family("big")
        .container_definitions(ecs_t::ContainerDefinition::builder().name("app").image("nginx").memory(1500).cpu(512).build())
        .send()
        .await
        .unwrap();
    let none = ecs.run_task().cluster("ec2").task_definition("big").send().await.unwrap();
    assert_eq!(none.failures()[0].reason(), Some("No Container Instances were found in your cluster."));

    let doc = r#"{"instanceId":"i-0abc","instanceType":"t3.small","availabilityZone":"us-east-1b"}"#;
    let ci = ecs.register_container_instance().cluster("ec2").instance_identity_document(doc).send().await.unwrap();
    let ci = ci.container_instance().unwrap();
    let memory = ci.registered_resources().iter().find(|r| r.name() == Some("MEMORY")).unwrap().integer_value();
    // What the OS reports (MemTotal), below the nominal 2048 MiB (ECS-FACTS-EC2 §2).
    assert_eq!(memory, 2048 * 975 / 1000);
    let ci_arn = ci.container_instance_arn().unwrap().to_string();

    let placed = ecs.run_task().cluster("ec2").task_definition("big").send().await.unwrap();
    assert_eq!(placed.tasks()[0].container_instance_arn(), Some(ci_arn.as_str()));
    let full = ecs.run_task().cluster("ec2").task_definition("big").send().await.unwrap();
    assert_eq!(full.failures()[0].reason(), Some("RESOURCE:MEMORY"));

    let described = ecs.describe_container_instances().cluster("ec2").container_instances(&ci_arn).send().await.unwrap();
    let remaining =
        described.container_instances()[0].remaining_resources().iter().find(|r| r.name() == Some("MEMORY")).unwrap().integer_value();
    assert_eq!(remaining, memory - 1500);
    let listed = ecs.list_container_instances().cluster("ec2").send().await.unwrap();
    assert_eq!(listed.container_instance_arns(), std::slice::from_ref(&ci_arn));

    let refused = ecs.delete_cluster().cluster("ec2").send().await.unwrap_err();
    assert_eq!(code(&refused), "ClusterContainsContainerInstancesException");
    let busy = ecs.deregister_container_instance().cluster("ec2").container_instance(&ci_arn).send().await.unwrap_err();
    assert!(message(&busy).contains("running tasks"));
    ecs.deregister_container_instance().cluster("ec2").container_instance(&ci_arn).force(true).send().await.unwrap();
    let unknown = ecs.describe_clusters().clusters("nope").send().await.unwrap();
    assert_eq!(unknown.failures()[0].arn(), Some("arn:aws:ecs:us-east-1:000000000000:cluster/nope"));
}

#[tokio::test]
async fn ecr_repositories_images_and_tokens() {
    let (_s, config) = sandbox().await;
    let ecr = aws_sdk_ecr::Client::new(&config);
    let bad = ecr.create_repository().repository_name("My_App").send().await.unwrap_err();
    assert_eq!(code(&bad), "InvalidParameterException");
    let repo = ecr.create_repository().repository_name("my-app-repo").send().await.unwrap();
    assert_eq!(repo.repository().unwrap().repository_uri(), Some("000000000000.dkr.ecr.us-east-1.amazonaws.com/my-app-repo"));
    let dup = ecr.create_repository().repository_name("my-app-repo").send().await.unwrap_err();
    assert!(dup.as_service_error().unwrap().is_repository_already_exists_exception());

    let manifest = r#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1470,"digest":"sha256:aa"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":3000000,"digest":"sha256:bb"}]}"#;
    let put = ecr.put_image().repository_name("my-app-repo").image_manifest(manifest).image_tag("v1").send().await.unwrap();
    let digest = put.image().unwrap().image_id().unwrap().image_digest().unwrap().to_string();
    assert!(digest.starts_with("sha256:") && digest.len() == 71);
    ecr.put_image().repository_name("my-app-repo").image_manifest(manifest).image_tag("latest").send().await.unwrap();
    let same = ecr.put_image().repository_name("my-app-repo").image_manifest(manifest).image_tag("v1").send().await.unwrap_err();
    assert_eq!(code(&same), "ImageAlreadyExistsException");

    let listed = ecr.list_images().repository_name("my-app-repo").send().await.unwrap();
    assert_eq!(listed.image_ids().len(), 2);
    let details = ecr.describe_images().repository_name("my-app-repo").send().await.unwrap();
    let d = &details.image_details()[0];
    assert_eq!(d.image_size_in_bytes(), Some(3_000_000));
    assert_eq!(d.image_tags().len(), 2);
    let got = ecr
        .batch_get_image()
        .repository_name("my-app-repo")
        .image_ids(aws_sdk_ecr::types::ImageIdentifier::builder().image_tag("v1").build())
        .image_ids(aws_sdk_ecr::types::ImageIdentifier::builder().image_tag("nope").build())
        .send()
        .await
        .unwrap();
    assert_eq!(got.images()[0].image_manifest(), Some(manifest));
    assert_eq!(got.failures().len(), 1);

    let token = ecr.get_authorization_token().send().await.unwrap();
    let data = &token.authorization_data()[0];
    assert_eq!(data.proxy_endpoint(), Some("https://000000000000.dkr.ecr.us-east-1.amazonaws.com"));
    assert!(data.authorization_token().unwrap().starts_with("QVdTOn")); // base64("AWS:")

    let policy = r#"{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}"#;
    ecr.put_lifecycle_policy().repository_name("my-app-repo").lifecycle_policy_text(policy).send().await.unwrap();
    let stored = ecr.get_lifecycle_policy().repository_name("my-app-repo").send().await.unwrap();
    assert_eq!(stored.lifecycle_policy_text(), Some(policy));
    let no_policy = ecr.get_repository_policy().repository_name("my-app-repo").send().await.unwrap_err();
    assert_eq!(code(&no_policy), "RepositoryPolicyNotFoundException");

    let not_empty = ecr.delete_repository().repository_name("my-app-repo").send().await.unwrap_err();
    assert_eq!(code(&not_empty), "RepositoryNotEmptyException");
    let deleted = ecr
        .batch_delete_image()
        .repository_name("my-app-repo")
        .image_ids(aws_sdk_ecr::types::ImageIdentifier::builder().image_digest(&digest).build())
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.image_ids().len(), 2);
    ecr.put_image().repository_name("my-app-repo").image_manifest(manifest).send().await.unwrap();
    ecr.delete_repository().repository_name("my-app-repo").force(true).send().await.unwrap();
    let gone = ecr.describe_repositories().repository_names("my-app-repo").send().await.unwrap_err();
    assert!(gone.as_service_error().unwrap().is_repository_not_found_exception());
}

#[tokio::test]
async fn cloudwatch_metrics_over_cbor() {
    use aws_sdk_cloudwatch::primitives::DateTime;
    use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricDatum, MetricStat, StandardUnit, Statistic};
    let (_s, config) = sandbox().await;
    let cw = aws_sdk_cloudwatch::Client::new(&config);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let start = now - now % 60 - 600;
    let dim = |v: &str| Dimension::builder().name("ServiceName").value(v).build();
    // One point per second for a minute, high resolution, on two services.
    for svc in ["a", "b"] {
        let data: Vec<MetricDatum> = (0..60)
            .map(|i| {
                MetricDatum::builder()
                    .metric_name("Load")
                    .dimensions(dim(svc))
                    .timestamp(DateTime::from_secs(start + i))
                    .value(if svc == "a" { i as f64 } else { 100.0 })
                    .unit(StandardUnit::Percent)
                    .storage_resolution(1)
                    .build()
            })
            .collect();
        cw.put_metric_data().namespace("Berth/Test").set_metric_data(Some(data)).send().await.unwrap();
    }
    let reserved = cw
        .put_metric_data()
        .namespace("AWS/ECS")
        .metric_data(MetricDatum::builder().metric_name("x").value(1.0).build())
        .send()
        .await
        .unwrap_err();
    assert!(format!("{reserved:?}").contains("InvalidParameterValue"), "{reserved:?}");

    let stats = cw
        .get_metric_statistics()
        .namespace("Berth/Test")
        .metric_name("Load")
        .dimensions(dim("a"))
        .start_time(DateTime::from_secs(start))
        .end_time(DateTime::from_secs(start + 60))
        .period(10)
        .statistics(Statistic::Average)
        .statistics(Statistic::Maximum)
        .statistics(Statistic::SampleCount)
        .send()
        .await
        .unwrap();
    let points = stats.datapoints();
    assert_eq!(points.len(), 6);
    let first = points.iter().min_by_key(|p| p.timestamp().unwrap().secs()).unwrap();
    assert_eq!(first.average(), Some(4.5));
    assert_eq!(first.maximum(), Some(9.0));
    assert_eq!(first.sample_count(), Some(10.0));
    assert_eq!(first.unit(), Some(&StandardUnit::Percent));

    let query = |id: &str, svc: &str| {
        MetricDataQuery::builder()
            .id(id)
            .metric_stat(
                MetricStat::builder()
                    .metric(Metric::builder().namespace("Berth/Test").metric_name("Load").dimensions(dim(svc)).build())
                    .period(60)
                    .stat("Average")
                    .build(),
            )
            .return_data(false)
            .build()
    };
    let data = cw
        .get_metric_data()
        .metric_data_queries(query("a", "a"))
        .metric_data_queries(query("b", "b"))
        .metric_data_queries(MetricDataQuery::builder().id("total").expression("SUM(METRICS())").label("Total").build())
        .metric_data_queries(MetricDataQuery::builder().id("avg").expression("AVG([a, b])").build())
        .start_time(DateTime::from_secs(start - 60))
        .end_time(DateTime::from_secs(start + 120))
        .send()
        .await
        .unwrap();
    let results = data.metric_data_results();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].label(), Some("Total"));
    assert_eq!(results[0].values(), [29.5 + 100.0]);
    assert_eq!(results[0].timestamps()[0].secs(), start);
    assert_eq!(results[1].values(), [(29.5 + 100.0) / 2.0]);

    let bad = cw
        .get_metric_data()
        .metric_data_queries(MetricDataQuery::builder().id("Upper").expression("1").build())
        .start_time(DateTime::from_secs(start))
        .end_time(DateTime::from_secs(start + 60))
        .send()
        .await
        .unwrap_err();
    assert!(format!("{bad:?}").contains("InvalidParameterValue"), "{bad:?}");

    let listed = cw.list_metrics().namespace("Berth/Test").send().await.unwrap();
    assert_eq!(listed.metrics().len(), 2);
}

#[tokio::test]
async fn logs_groups_streams_events_and_filters() {
    use aws_sdk_cloudwatchlogs::types::InputLogEvent;
    let (_s, config) = sandbox().await;
    let logs = aws_sdk_cloudwatchlogs::Client::new(&config);
    logs.create_log_group().log_group_name("/ecs/web").send().await.unwrap();
    let dup = logs.create_log_group().log_group_name("/ecs/web").send().await.unwrap_err();
    assert!(dup.as_service_error().unwrap().is_resource_already_exists_exception());
    logs.put_retention_policy().log_group_name("/ecs/web").retention_in_days(7).send().await.unwrap();
    let bad_retention = logs.put_retention_policy().log_group_name("/ecs/web").retention_in_days(8).send().await.unwrap_err();
    assert_eq!(code(&bad_retention), "InvalidParameterException");
    logs.create_log_stream().log_group_name("/ecs/web").log_stream_name("ecs/web/task1").send().await.unwrap();
    logs.create_log_stream().log_group_name("/ecs/web").log_stream_name("ecs/web/task2").send().await.unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    let events = |stream: &str| -> Vec<InputLogEvent> {
        (0..25)
            .map(|i| {
                InputLogEvent::builder()
                    .timestamp(now - 25_000 + i * 1000)
                    .message(format!("{stream} GET /api/{i} {}", if i % 5 == 0 { "ERROR" } else { "200" }))
                    .build()
                    .unwrap()
            })
            .collect()
    };
    for stream in ["ecs/web/task1", "ecs/web/task2"] {
        logs.put_log_events().log_group_name("/ecs/web").log_stream_name(stream).set_log_events(Some(events(stream))).send().await.unwrap();
    }
    let unordered = logs
        .put_log_events()
        .log_group_name("/ecs/web")
        .log_stream_name("ecs/web/task1")
        .log_events(InputLogEvent::builder().timestamp(now).message("b").build().unwrap())
        .log_events(InputLogEvent::builder().timestamp(now - 1).message("a").build().unwrap())
        .send()
        .await
        .unwrap_err();
    assert!(message(&unordered).contains("chronological"));
    let missing = logs
        .put_log_events()
        .log_group_name("/ecs/web")
        .log_stream_name("nope")
        .log_events(InputLogEvent::builder().timestamp(now).message("x").build().unwrap())
        .send()
        .await
        .unwrap_err();
    assert!(missing.as_service_error().unwrap().is_resource_not_found_exception());

    // Newest page first by default, then backwards, then forward again to the end.
    let last = logs.get_log_events().log_group_name("/ecs/web").log_stream_name("ecs/web/task1").limit(10).send().await.unwrap();
    assert_eq!(last.events().len(), 10);
    assert!(last.events()[9].message().unwrap().contains("/api/24"));
    let before = logs
        .get_log_events()
        .log_group_name("/ecs/web")
        .log_stream_name("ecs/web/task1")
        .limit(10)
        .next_token(last.next_backward_token().unwrap())
        .send()
        .await
        .unwrap();
    assert!(before.events()[0].message().unwrap().contains("/api/5 "));
    let head = logs
        .get_log_events()
        .log_group_name("/ecs/web")
        .log_stream_name("ecs/web/task1")
        .start_from_head(true)
        .limit(20)
        .send()
        .await
        .unwrap();
    assert!(head.events()[0].message().unwrap().contains("/api/0 "));
    let rest = logs
        .get_log_events()
        .log_group_name("/ecs/web")
        .log_stream_name("ecs/web/task1")
        .limit(20)
        .next_token(head.next_forward_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.events().len(), 5);
    let end = logs
        .get_log_events()
        .log_group_name("/ecs/web")
        .log_stream_name("ecs/web/task1")
        .next_token(rest.next_forward_token().unwrap())
        .send()
        .await
        .unwrap();
    assert!(end.events().is_empty());
    assert_eq!(end.next_forward_token(), rest.next_forward_token());

    let errors = logs.filter_log_events().log_group_name("/ecs/web").filter_pattern("ERROR").send().await.unwrap();
    assert_eq!(errors.events().len(), 10);
    assert!(errors.events().windows(2).all(|w| w[0].timestamp() <= w[1].timestamp()));
    let paged = logs.filter_log_events().log_group_name("/ecs/web").filter_pattern("ERROR -task2").limit(3).send().await.unwrap();
    assert_eq!(paged.events().len(), 3);
    let next = logs
        .filter_log_events()
        .log_group_name("/ecs/web")
        .filter_pattern("ERROR -task2")
        .limit(3)
        .next_token(paged.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(next.events().len(), 2);
    assert!(next.next_token().is_none());

    let streams = logs.describe_log_streams().log_group_name("/ecs/web").log_stream_name_prefix("ecs/web/").send().await.unwrap();
    assert_eq!(streams.log_streams().len(), 2);
    assert!(streams.log_streams()[0].last_event_timestamp().is_some());
    let groups = logs.describe_log_groups().log_group_name_prefix("/ecs").send().await.unwrap();
    assert_eq!(groups.log_groups()[0].retention_in_days(), Some(7));
    logs.delete_log_group().log_group_name("/ecs/web").send().await.unwrap();
    let gone = logs.describe_log_streams().log_group_name("/ecs/web").send().await.unwrap_err();
    assert!(gone.as_service_error().unwrap().is_resource_not_found_exception());
}

#[tokio::test]
async fn elbv2_load_balancer_target_group_listener_and_health() {
    use aws_sdk_elasticloadbalancingv2::types::{
        Action, ActionTypeEnum, ProtocolEnum, Tag, TargetDescription, TargetHealthStateEnum, TargetTypeEnum,
    };
    let (_s, config) = sandbox().await;
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&config);
    let subnets = default_subnets(&config).await;
    let vpc = aws_sdk_ec2::Client::new(&config).describe_vpcs().send().await.unwrap().vpcs()[0].vpc_id().unwrap().to_string();

    let one_subnet = elb.create_load_balancer().name("web-alb").subnets(&subnets[0]).send().await.unwrap_err();
    assert_eq!(code(&one_subnet), "ValidationError");
    let lb = elb
        .create_load_balancer()
        .name("web-alb")
        .set_subnets(Some(subnets[..2].to_vec()))
        .tags(Tag::builder().key("team").value("web").build())
        .send()
        .await
        .unwrap();
    let lb = &lb.load_balancers()[0];
    let lb_arn = lb.load_balancer_arn().unwrap().to_string();
    assert!(lb.dns_name().unwrap().ends_with(".us-east-1.elb.amazonaws.com"));
    assert_eq!(lb.availability_zones().len(), 2);

    let tg = elb
        .create_target_group()
        .name("web-tg")
        .protocol(ProtocolEnum::Http)
        .port(8080)
        .vpc_id(&vpc)
        .target_type(TargetTypeEnum::Ip)
        .health_check_path("/health")
        .send()
        .await
        .unwrap();
    let tg_arn = tg.target_groups()[0].target_group_arn().unwrap().to_string();
    let again = elb
        .create_target_group()
        .name("web-tg")
        .protocol(ProtocolEnum::Http)
        .port(8080)
        .vpc_id(&vpc)
        .target_type(TargetTypeEnum::Ip)
        .health_check_path("/health")
        .send()
        .await
        .unwrap();
    assert_eq!(again.target_groups()[0].target_group_arn(), Some(tg_arn.as_str()));
    let clash = elb.create_target_group().name("web-tg").protocol(ProtocolEnum::Http).port(9090).vpc_id(&vpc).send().await.unwrap_err();
    assert!(clash.as_service_error().unwrap().is_duplicate_target_group_name_exception());

    elb.register_targets()
        .target_group_arn(&tg_arn)
        .targets(TargetDescription::builder().id("172.31.0.10").port(8080).build())
        .send()
        .await
        .unwrap();
    let unused = elb.describe_target_health().target_group_arn(&tg_arn).send().await.unwrap();
    assert_eq!(unused.target_health_descriptions()[0].target_health().unwrap().state(), Some(&TargetHealthStateEnum::Unused));

    let forward = Action::builder().r#type(ActionTypeEnum::Forward).target_group_arn(&tg_arn).build();
    let listener = elb
        .create_listener()
        .load_balancer_arn(&lb_arn)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .default_actions(forward.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(listener.listeners()[0].port(), Some(80));
    // The same settings again are a retry, answered with the same listener (ELBv2 is
    // idempotent here); other settings on the same port are a conflict.
    let again = elb
        .create_listener()
        .load_balancer_arn(&lb_arn)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .default_actions(forward)
        .send()
        .await
        .unwrap();
    assert_eq!(again.listeners()[0].listener_arn(), listener.listeners()[0].listener_arn());
    let fixed = Action::builder()
        .r#type(ActionTypeEnum::FixedResponse)
        .fixed_response_config(aws_sdk_elasticloadbalancingv2::types::FixedResponseActionConfig::builder().status_code("404").build())
        .build();
    let dup = elb
        .create_listener()
        .load_balancer_arn(&lb_arn)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .default_actions(fixed)
        .send()
        .await
        .unwrap_err();
    assert!(dup.as_service_error().unwrap().is_duplicate_listener_exception());
    let initial = elb.describe_target_health().target_group_arn(&tg_arn).send().await.unwrap();
    assert_eq!(initial.target_health_descriptions()[0].target_health().unwrap().state(), Some(&TargetHealthStateEnum::Initial));
    let bad_ip = elb
        .register_targets()
        .target_group_arn(&tg_arn)
        .targets(TargetDescription::builder().id("i-123").build())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&bad_ip), "ValidationError");

    let groups = elb.describe_target_groups().load_balancer_arn(&lb_arn).send().await.unwrap();
    assert_eq!(groups.target_groups()[0].load_balancer_arns(), std::slice::from_ref(&lb_arn));
    let in_use = elb.delete_target_group().target_group_arn(&tg_arn).send().await.unwrap_err();
    assert!(in_use.as_service_error().unwrap().is_resource_in_use_exception());
    let tags = elb.describe_tags().resource_arns(&lb_arn).send().await.unwrap();
    assert_eq!(tags.tag_descriptions()[0].tags()[0].key(), Some("team"));
    let missing = elb.describe_load_balancers().names("nope").send().await.unwrap_err();
    assert!(missing.as_service_error().unwrap().is_load_balancer_not_found_exception());
    elb.deregister_targets()
        .target_group_arn(&tg_arn)
        .targets(TargetDescription::builder().id("172.31.0.10").port(8080).build())
        .send()
        .await
        .unwrap();
    let draining = elb.describe_target_health().target_group_arn(&tg_arn).send().await.unwrap();
    assert_eq!(draining.target_health_descriptions()[0].target_health().unwrap().state(), Some(&TargetHealthStateEnum::Draining));
}

#[tokio::test]
async fn auto_scaling_targets_policies_and_activities() {
    use aws_sdk_applicationautoscaling::types::{
        MetricType, PolicyType, PredefinedMetricSpecification, ScalableDimension, ServiceNamespace,
        TargetTrackingScalingPolicyConfiguration,
    };
    let (_s, config) = sandbox().await;
    let ecs = aws_sdk_ecs::Client::new(&config);
    let aas = aws_sdk_applicationautoscaling::Client::new(&config);
    ecs.create_cluster().cluster_name("c").send().await.unwrap();
    ecs.register_task_definition()
        .family("api")
        .container_definitions(ecs_t::ContainerDefinition::builder().name("api").image("api").memory(256).build())
        .send()
        .await
        .unwrap();
    ecs.create_service().cluster("c").service_name("api").task_definition("api").desired_count(1).send().await.unwrap();

    let missing = aas
        .register_scalable_target()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/c/ghost")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .min_capacity(1)
        .max_capacity(4)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&missing), "ValidationException");
    let inverted = aas
        .register_scalable_target()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/c/api")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .min_capacity(5)
        .max_capacity(4)
        .send()
        .await
        .unwrap_err();
    assert!(message(&inverted).contains("cannot be greater"));
    aas.register_scalable_target()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/c/api")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .min_capacity(2)
        .max_capacity(6)
        .send()
        .await
        .unwrap();
    let svc = ecs.describe_services().cluster("c").services("api").send().await.unwrap();
    assert_eq!(svc.services()[0].desired_count(), 2, "raised to the new minimum");
    let activities =
        aas.describe_scaling_activities().service_namespace(ServiceNamespace::Ecs).resource_id("service/c/api").send().await.unwrap();
    assert_eq!(activities.scaling_activities()[0].description(), "Setting desired count to 2.");

    let policy = aas
        .put_scaling_policy()
        .policy_name("cpu60")
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/c/api")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .policy_type(PolicyType::TargetTrackingScaling)
        .target_tracking_scaling_policy_configuration(
            TargetTrackingScalingPolicyConfiguration::builder()
                .target_value(60.0)
                .predefined_metric_specification(
                    PredefinedMetricSpecification::builder()
                        .predefined_metric_type(MetricType::EcsServiceAverageCpuUtilization)
                        .build()
                        .unwrap(),
                )
                .scale_out_cooldown(60)
                .scale_in_cooldown(120)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(policy.alarms().len(), 2);
    let policies =
        aas.describe_scaling_policies().service_namespace(ServiceNamespace::Ecs).resource_id("service/c/api").send().await.unwrap();
    let p = &policies.scaling_policies()[0];
    assert_eq!(p.target_tracking_scaling_policy_configuration().unwrap().target_value(), 60.0);
    let targets = aas.describe_scalable_targets().service_namespace(ServiceNamespace::Ecs).send().await.unwrap();
    assert_eq!(targets.scalable_targets()[0].max_capacity(), 6);
    aas.deregister_scalable_target()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/c/api")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .send()
        .await
        .unwrap();
    let gone = aas
        .delete_scaling_policy()
        .policy_name("cpu60")
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/c/api")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&gone), "ObjectNotFoundException");
}

#[tokio::test]
async fn sts_and_unknown_operations() {
    let (_s, config) = sandbox().await;
    let me = aws_sdk_sts::Client::new(&config).get_caller_identity().send().await.unwrap();
    assert_eq!(me.account(), Some("000000000000"));
    // An operation the sandbox does not serve fails in the protocol's shape, not with a crash.
    let err =
        aws_sdk_ecs::Client::new(&config).list_attributes().target_type(ecs_t::TargetType::ContainerInstance).send().await.unwrap_err();
    assert_eq!(code(&err), "UnknownOperationException");
}

/// With a key pair the sandbox checks SigV4 as AWS does: the official Rust SDKs' signing
/// gets through in every protocol (JSON, query, ec2 query, CBOR); another secret does not.
#[tokio::test]
async fn the_rust_sdks_signatures_verify_and_wrong_ones_are_refused() {
    use std::net::{Ipv4Addr, SocketAddr};
    let keys = berth_sandbox::KeyPair { access_key_id: "AKIDSIGNED".into(), secret_access_key: "a-real-secret/with+symbols".into() };
    let options = berth_sandbox::Options {
        keys: Some(keys),
        loopback_host_only: true,
        ..berth_sandbox::Options::new(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), None)
    };
    let sandbox = berth_sandbox::Sandbox::start_with(options).await.unwrap();
    let config = |key: &'static str, secret: &'static str| {
        let url = sandbox.url();
        async move {
            aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(aws_config::Region::new("eu-west-1"))
                .endpoint_url(url)
                .credentials_provider(aws_sdk_sts::config::Credentials::new(key, secret, None, None, "test"))
                .load()
                .await
        }
    };
    let good = config("AKIDSIGNED", "a-real-secret/with+symbols").await;
    let ecs = aws_sdk_ecs::Client::new(&good);
    ecs.create_cluster().cluster_name("signed").send().await.unwrap();
    aws_sdk_elasticloadbalancingv2::Client::new(&good).describe_load_balancers().send().await.unwrap();
    aws_sdk_ec2::Client::new(&good).describe_subnets().send().await.unwrap();
    aws_sdk_cloudwatch::Client::new(&good).list_metrics().send().await.unwrap();
    aws_sdk_cloudwatchlogs::Client::new(&good).describe_log_groups().send().await.unwrap();

    let wrong = config("AKIDSIGNED", "another-secret").await;
    let err = aws_sdk_ecs::Client::new(&wrong).list_clusters().send().await.unwrap_err();
    assert_eq!(code(&err), "InvalidSignatureException");
    let err = aws_sdk_elasticloadbalancingv2::Client::new(&wrong).describe_load_balancers().send().await.unwrap_err();
    assert_eq!(err.as_service_error().and_then(|e| aws_sdk_ecs::error::ProvideErrorMetadata::code(e)), Some("SignatureDoesNotMatch"));
    let stranger = config("AKIDSTRANGER", "a-real-secret/with+symbols").await;
    let err = aws_sdk_ecs::Client::new(&stranger).list_clusters().send().await.unwrap_err();
    assert_eq!(code(&err), "UnrecognizedClientException");
    let err = aws_sdk_cloudwatch::Client::new(&stranger).list_metrics().send().await.unwrap_err();
    assert_eq!(err.as_service_error().and_then(|e| aws_sdk_ecs::error::ProvideErrorMetadata::code(e)), Some("InvalidClientTokenId"));

    // A page that rebinds its own name to 127.0.0.1 sends its own Host: refused.
    let addr = sandbox.addr.to_string();
    // Blocking I/O off the test's runtime, which also serves the sandbox.
    let (status, text) = tokio::task::spawn_blocking(move || {
        common::raw(&addr, "/", &[("Host", "evil.example"), ("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters")], b"{}")
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(status, 403, "{text}");
    let clusters = ecs.list_clusters().send().await.unwrap();
    assert_eq!(clusters.cluster_arns().len(), 1);
}
