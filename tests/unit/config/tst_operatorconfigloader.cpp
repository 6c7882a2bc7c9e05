#include "config/operatorconfigloader.h"
#include "support/kubernetesnames.h"

#include <QJsonDocument>
#include <QTest>

#include <initializer_list>
#include <utility>

using namespace Qt::StringLiterals;
using locust::config::ContainerResources;
using locust::config::OperatorConfig;
using locust::config::OperatorConfigLoad;
using locust::config::OperatorConfigLoader;
using locust::config::Quantity;
using locust::config::ResourceOverrides;

namespace {

using Variables = std::initializer_list<std::pair<QString, QString>>;

QProcessEnvironment environment(Variables variables)
{
    QProcessEnvironment environment;
    for (const auto &[name, value] : variables)
        environment.insert(name, value);
    return environment;
}

OperatorConfigLoad load(Variables variables)
{
    return OperatorConfigLoader::load(environment(variables));
}

QString json(const ContainerResources &resources)
{
    return QString::fromUtf8(QJsonDocument(resources.toJson()).toJson(QJsonDocument::Compact));
}

const QStringList resourceNames = {u"cpu"_s, u"memory"_s, u"ephemeral-storage"_s};

QString describe(const QMap<QString, Quantity> &values, const QString &name)
{
    return values.contains(name) ? values.value(name).toString() : u"<none>"_s;
}

QString describe(const QMap<QString, std::optional<Quantity>> &overrides, const QString &name)
{
    if (!overrides.contains(name))
        return u"<inherit>"_s;
    const std::optional<Quantity> value = overrides.value(name);
    return value ? value->toString() : u"<none>"_s;
}

// Every field of a configuration as text, keyed by a path. Comparing two descriptions shows exactly
// which fields differ, so a test can check that a variable changes its field and nothing else.
QMap<QString, QString> describe(const OperatorConfig &config)
{
    QMap<QString, QString> fields;
    fields[u"jobTtl"_s] = config.jobTtlSecondsAfterFinished
                              ? QString::number(*config.jobTtlSecondsAfterFinished)
                              : u"<absent>"_s;
    for (const QString &name : resourceNames) {
        fields[u"pod.requests."_s + name] = describe(config.podResources.requests, name);
        fields[u"pod.limits."_s + name] = describe(config.podResources.limits, name);
        fields[u"master.requests."_s + name] = describe(config.masterResourceOverrides.requests, name);
        fields[u"master.limits."_s + name] = describe(config.masterResourceOverrides.limits, name);
        fields[u"worker.requests."_s + name] = describe(config.workerResourceOverrides.requests, name);
        fields[u"worker.limits."_s + name] = describe(config.workerResourceOverrides.limits, name);
        fields[u"exporter.requests."_s + name] = describe(config.metricsExporterResources.requests, name);
        fields[u"exporter.limits."_s + name] = describe(config.metricsExporterResources.limits, name);
    }
    fields[u"exporter.image"_s] = config.metricsExporterImage;
    fields[u"exporter.port"_s] = QString::number(config.metricsExporterPort);
    fields[u"exporter.pullPolicy"_s] = config.metricsExporterImagePullPolicy;
    fields[u"kafka.bootstrapServers"_s] = config.kafka.bootstrapServers;
    fields[u"kafka.securityEnabled"_s] = config.kafka.securityEnabled ? u"true"_s : u"false"_s;
    fields[u"kafka.securityProtocol"_s] = config.kafka.securityProtocol;
    fields[u"kafka.saslMechanism"_s] = config.kafka.saslMechanism;
    fields[u"kafka.saslJaasConfig"_s] = config.kafka.saslJaasConfig;
    fields[u"kafka.username"_s] = config.kafka.username;
    fields[u"kafka.password"_s] = config.kafka.password;
    fields[u"affinityInjection"_s] = config.affinityInjection ? u"true"_s : u"false"_s;
    fields[u"tolerationsInjection"_s] = config.tolerationsInjection ? u"true"_s : u"false"_s;
    fields[u"runtimeClass"_s] = config.defaultRuntimeClassName;
    return fields;
}

// (variable suffix, resource field) pairs, as the loader names them.
const QList<std::pair<QString, QString>> resourceVariables = {
    {u"CPU_REQUEST"_s, u"requests.cpu"_s},
    {u"MEM_REQUEST"_s, u"requests.memory"_s},
    {u"EPHEMERAL_REQUEST"_s, u"requests.ephemeral-storage"_s},
    {u"CPU_LIMIT"_s, u"limits.cpu"_s},
    {u"MEM_LIMIT"_s, u"limits.memory"_s},
    {u"EPHEMERAL_LIMIT"_s, u"limits.ephemeral-storage"_s},
};

// The request/limit message, from its two halves, as the brief's example spells it.
QString tooHigh(const QString &request, const QString &limit, const QString &jobs)
{
    return request + u" is greater than its limit "_s + limit + u"; the API server would reject every "_s
           + jobs + u" Job"_s;
}

const QString acceptedBooleans = u"(accepted: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)"_s;

} // namespace

class OperatorConfigLoaderTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        const OperatorConfigLoad result = OperatorConfigLoader::load(QProcessEnvironment());
        QVERIFY(result.ok());
        QVERIFY(result.errors.isEmpty());
        QVERIFY(result.warnings.isEmpty());
        QVERIFY(result.config == OperatorConfig());
        QCOMPARE(describe(result.config), describe(OperatorConfig()));

        // Spot checks against the documented defaults, independent of the struct's initializers.
        const OperatorConfig &config = result.config;
        QVERIFY(!config.jobTtlSecondsAfterFinished.has_value());
        const QString defaultResources =
            u"{\"limits\":{\"cpu\":\"1\",\"ephemeral-storage\":\"50M\",\"memory\":\"1Gi\"},"
            "\"requests\":{\"cpu\":\"250m\",\"ephemeral-storage\":\"30M\",\"memory\":\"128Mi\"}}"_s;
        QCOMPARE(json(config.podResources), defaultResources);
        QCOMPARE(json(config.masterPodResources()), defaultResources);
        QCOMPARE(json(config.workerPodResources()), defaultResources);
        QCOMPARE(json(config.metricsExporterResources), defaultResources);
        QVERIFY(config.masterResourceOverrides == ResourceOverrides());
        QVERIFY(config.workerResourceOverrides == ResourceOverrides());
        QCOMPARE(config.metricsExporterImage, u"containersol/locust_exporter:v0.5.0"_s);
        QCOMPARE(config.metricsExporterPort, 9646);
        QCOMPARE(config.metricsExporterImagePullPolicy, u"Always"_s);
        QCOMPARE(config.kafka.bootstrapServers, u"localhost:9092"_s);
        QCOMPARE(config.kafka.securityEnabled, false);
        QCOMPARE(config.kafka.securityProtocol, u"SASL_PLAINTEXT"_s);
        QCOMPARE(config.kafka.saslMechanism, u"SCRAM-SHA-512"_s);
        QCOMPARE(config.kafka.saslJaasConfig, QString());
        QCOMPARE(config.kafka.username, QString());
        QCOMPARE(config.kafka.password, QString());
        QCOMPARE(config.affinityInjection, true);
        QCOMPARE(config.tolerationsInjection, true);
        QCOMPARE(config.defaultRuntimeClassName, QString());
    }

    void unrelatedVariablesAreIgnored()
    {
        const OperatorConfigLoad result = load({{u"PATH"_s, u"/usr/bin"_s}, {u"POD_CPU"_s, u"garbage"_s}});
        QVERIFY(result.ok());
        QVERIFY(result.config == OperatorConfig());
    }

    void override_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");

        QTest::newRow("ttl") << u"JOB_TTL_SECONDS_AFTER_FINISHED"_s << u"300"_s << u"jobTtl"_s << u"300"_s;
        QTest::newRow("ttl zero") << u"JOB_TTL_SECONDS_AFTER_FINISHED"_s << u"0"_s << u"jobTtl"_s << u"0"_s;
        QTest::newRow("ttl plus") << u"JOB_TTL_SECONDS_AFTER_FINISHED"_s << u"+5"_s << u"jobTtl"_s << u"5"_s;
        QTest::newRow("ttl max") << u"JOB_TTL_SECONDS_AFTER_FINISHED"_s << u"2147483647"_s << u"jobTtl"_s
                                 << u"2147483647"_s;
        QTest::newRow("ttl leading zero") << u"JOB_TTL_SECONDS_AFTER_FINISHED"_s << u"007"_s << u"jobTtl"_s
                                          << u"7"_s;

        // Each resource variable, with a value that differs from its default (requests stay within the
        // default limits), shown canonically.
        const QStringList values = {u"0.5"_s, u"262144Ki"_s, u"40M"_s, u"3000m"_s, u"4096Mi"_s, u"5G"_s};
        const QStringList canonical = {u"500m"_s, u"256Mi"_s, u"40M"_s, u"3"_s, u"4Gi"_s, u"5G"_s};
        const QList<std::pair<QString, QString>> prefixes = {{u"POD_"_s, u"pod."_s},
                                                             {u"MASTER_POD_"_s, u"master."_s},
                                                             {u"WORKER_POD_"_s, u"worker."_s},
                                                             {u"METRICS_EXPORTER_"_s, u"exporter."_s}};
        for (const auto &[prefix, path] : prefixes) {
            for (qsizetype i = 0; i < resourceVariables.size(); ++i) {
                const QString variable = prefix + resourceVariables[i].first;
                QTest::newRow(qPrintable(variable))
                    << variable << values[i] << path + resourceVariables[i].second << canonical[i];
            }
        }

        QTest::newRow("image") << u"METRICS_EXPORTER_IMAGE"_s << u"registry.example.com/exporter:v1"_s
                               << u"exporter.image"_s << u"registry.example.com/exporter:v1"_s;
        QTest::newRow("port") << u"METRICS_EXPORTER_PORT"_s << u"9100"_s << u"exporter.port"_s << u"9100"_s;
        QTest::newRow("port 1") << u"METRICS_EXPORTER_PORT"_s << u"1"_s << u"exporter.port"_s << u"1"_s;
        QTest::newRow("port 65535") << u"METRICS_EXPORTER_PORT"_s << u"65535"_s << u"exporter.port"_s
                                    << u"65535"_s;
        QTest::newRow("pull IfNotPresent") << u"METRICS_EXPORTER_IMAGE_PULL_POLICY"_s << u"IfNotPresent"_s
                                           << u"exporter.pullPolicy"_s << u"IfNotPresent"_s;
        QTest::newRow("pull Never") << u"METRICS_EXPORTER_IMAGE_PULL_POLICY"_s << u"Never"_s
                                    << u"exporter.pullPolicy"_s << u"Never"_s;

        QTest::newRow("bootstrap") << u"KAFKA_BOOTSTRAP_SERVERS"_s << u"kafka-0:9093,kafka-1:9093"_s
                                   << u"kafka.bootstrapServers"_s << u"kafka-0:9093,kafka-1:9093"_s;
        // Strings are used as given, even when empty (the reference fell back to the default).
        QTest::newRow("bootstrap empty") << u"KAFKA_BOOTSTRAP_SERVERS"_s << QString()
                                         << u"kafka.bootstrapServers"_s << QString();
        QTest::newRow("kafka security") << u"KAFKA_SECURITY_ENABLED"_s << u"true"_s
                                        << u"kafka.securityEnabled"_s << u"true"_s;
        QTest::newRow("protocol") << u"KAFKA_SECURITY_PROTOCOL_CONFIG"_s << u"SASL_SSL"_s
                                  << u"kafka.securityProtocol"_s << u"SASL_SSL"_s;
        QTest::newRow("protocol empty") << u"KAFKA_SECURITY_PROTOCOL_CONFIG"_s << QString()
                                        << u"kafka.securityProtocol"_s << QString();
        QTest::newRow("mechanism") << u"KAFKA_SASL_MECHANISM"_s << u"PLAIN"_s << u"kafka.saslMechanism"_s
                                   << u"PLAIN"_s;
        QTest::newRow("mechanism empty")
            << u"KAFKA_SASL_MECHANISM"_s << QString() << u"kafka.saslMechanism"_s
                                         << QString();
        QTest::newRow("jaas") << u"KAFKA_SASL_JAAS_CONFIG"_s << u"org.apache.kafka.Login required;"_s
                              << u"kafka.saslJaasConfig"_s << u"org.apache.kafka.Login required;"_s;
        QTest::newRow("username")
            << u"KAFKA_USERNAME"_s << u"locust"_s << u"kafka.username"_s << u"locust"_s;
        // Not trimmed: a password may contain spaces.
        QTest::newRow("password") << u"KAFKA_PASSWORD"_s << u" s3cr3t "_s << u"kafka.password"_s
                                  << u" s3cr3t "_s;
        QTest::newRow("affinity")
            << u"ENABLE_AFFINITY_CR_INJECTION"_s << u"false"_s << u"affinityInjection"_s
                                  << u"false"_s;
        QTest::newRow("tolerations") << u"ENABLE_TAINT_TOLERATIONS_CR_INJECTION"_s << u"0"_s
                                     << u"tolerationsInjection"_s << u"false"_s;
        QTest::newRow("runtime class") << u"DEFAULT_RUNTIME_CLASS_NAME"_s << u"gvisor"_s << u"runtimeClass"_s
                                       << u"gvisor"_s;
    }
    void override()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, field);
        QFETCH(QString, expected);
        const OperatorConfigLoad result = load({{variable, value}});
        QCOMPARE(result.errors, QStringList());

        QMap<QString, QString> fields = describe(OperatorConfig());
        QVERIFY2(fields.contains(field), qPrintable(field));
        QVERIFY(fields.value(field) != expected); // the row really changes something
        fields[field] = expected;
        QCOMPARE(describe(result.config), fields);
    }

    void emptyUnifiedValueMeansNoValue()
    {
        const OperatorConfigLoad result =
            load({{u"POD_CPU_LIMIT"_s, QString()}, {u"POD_MEM_REQUEST"_s, u""_s}});
        QVERIFY(result.ok());
        QVERIFY(!result.config.podResources.limits.contains(u"cpu"_s));
        QVERIFY(!result.config.podResources.requests.contains(u"memory"_s));
        const QString expected = u"{\"limits\":{\"ephemeral-storage\":\"50M\",\"memory\":\"1Gi\"},"
                                 "\"requests\":{\"cpu\":\"250m\",\"ephemeral-storage\":\"30M\"}}"_s;
        QCOMPARE(json(result.config.podResources), expected);
        QCOMPARE(json(result.config.masterPodResources()), expected);
        QCOMPARE(json(result.config.workerPodResources()), expected);
        // The exporter has its own set and keeps its defaults.
        QVERIFY(result.config.metricsExporterResources == OperatorConfig::defaultPodResources());
    }

    void allUnifiedValuesEmptyMeansNoResources()
    {
        const OperatorConfigLoad result = load({{u"POD_CPU_REQUEST"_s, u""_s},
                                                {u"POD_MEM_REQUEST"_s, u""_s},
                                                {u"POD_EPHEMERAL_REQUEST"_s, u""_s},
                                                {u"POD_CPU_LIMIT"_s, u""_s},
                                                {u"POD_MEM_LIMIT"_s, u""_s},
                                                {u"POD_EPHEMERAL_LIMIT"_s, u""_s}});
        QVERIFY(result.ok());
        QVERIFY(result.config.podResources.isEmpty());
        QCOMPARE(json(result.config.masterPodResources()), u"{}"_s);
        QCOMPARE(json(result.config.workerPodResources()), u"{}"_s);
    }

    void unsetRoleValueInheritsEmptyRemoves()
    {
        const OperatorConfigLoad result = load({{u"MASTER_POD_CPU_LIMIT"_s, u""_s},
                                                {u"WORKER_POD_MEM_REQUEST"_s, u""_s}});
        QVERIFY(result.ok());
        const OperatorConfig &config = result.config;
        // "" is an explicit "no value" override, not "unset".
        QVERIFY(config.masterResourceOverrides.limits.contains(u"cpu"_s));
        QVERIFY(!config.masterResourceOverrides.limits.value(u"cpu"_s).has_value());
        QVERIFY(!config.masterResourceOverrides.requests.contains(u"memory"_s));
        QVERIFY(config.workerResourceOverrides.requests.contains(u"memory"_s));
        QVERIFY(!config.workerResourceOverrides.limits.contains(u"cpu"_s));

        QCOMPARE(json(config.masterPodResources()),
                 u"{\"limits\":{\"ephemeral-storage\":\"50M\",\"memory\":\"1Gi\"},"
                 "\"requests\":{\"cpu\":\"250m\",\"ephemeral-storage\":\"30M\",\"memory\":\"128Mi\"}}"_s);
        QCOMPARE(json(config.workerPodResources()),
                 u"{\"limits\":{\"cpu\":\"1\",\"ephemeral-storage\":\"50M\",\"memory\":\"1Gi\"},"
                 "\"requests\":{\"cpu\":\"250m\",\"ephemeral-storage\":\"30M\"}}"_s);
        // The unified values are untouched.
        QVERIFY(config.podResources == OperatorConfig::defaultPodResources());
    }

    void roleValueCanRestoreWhatUnifiedRemoved()
    {
        const OperatorConfigLoad result =
            load({{u"POD_CPU_LIMIT"_s, u""_s}, {u"MASTER_POD_CPU_LIMIT"_s, u"2"_s}});
        QVERIFY(result.ok());
        QCOMPARE(result.config.masterPodResources().limits.value(u"cpu"_s).toString(), u"2"_s);
        QVERIFY(!result.config.workerPodResources().limits.contains(u"cpu"_s));
    }

    void emptyExporterValueMeansNoValue()
    {
        const OperatorConfigLoad result = load({{u"METRICS_EXPORTER_MEM_LIMIT"_s, u""_s}});
        QVERIFY(result.ok());
        QCOMPARE(json(result.config.metricsExporterResources),
                 u"{\"limits\":{\"cpu\":\"1\",\"ephemeral-storage\":\"50M\"},"
                 "\"requests\":{\"cpu\":\"250m\",\"ephemeral-storage\":\"30M\",\"memory\":\"128Mi\"}}"_s);
        QVERIFY(result.config.podResources == OperatorConfig::defaultPodResources());
    }

    void emptyTtlMeansAbsent()
    {
        const OperatorConfigLoad result = load({{u"JOB_TTL_SECONDS_AFTER_FINISHED"_s, u""_s}});
        QVERIFY(result.ok());
        QVERIFY(!result.config.jobTtlSecondsAfterFinished.has_value());
    }

    void emptyRuntimeClassMeansNone()
    {
        const OperatorConfigLoad result = load({{u"DEFAULT_RUNTIME_CLASS_NAME"_s, u""_s}});
        QVERIFY(result.ok());
        QCOMPARE(result.config.defaultRuntimeClassName, QString());
    }

    void error_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");

        const QString ttl = u"JOB_TTL_SECONDS_AFTER_FINISHED"_s;
        QTest::newRow("ttl text")
            << ttl << u"x"_s
            << u"invalid value for JOB_TTL_SECONDS_AFTER_FINISHED: \"x\" is not a valid 32-bit integer"_s;
        QTest::newRow("ttl negative")
            << ttl << u"-1"_s
            << u"invalid value for JOB_TTL_SECONDS_AFTER_FINISHED: \"-1\" must not be negative"_s;
        QTest::newRow("ttl overflow")
            << ttl << u"2147483648"_s
            << u"invalid value for JOB_TTL_SECONDS_AFTER_FINISHED: \"2147483648\" is not a valid 32-bit "
               "integer"_s;
        QTest::newRow("ttl space")
            << ttl << u" 5"_s
            << u"invalid value for JOB_TTL_SECONDS_AFTER_FINISHED: \" 5\" is not a valid 32-bit integer"_s;
        QTest::newRow("ttl fraction")
            << ttl << u"1.5"_s
            << u"invalid value for JOB_TTL_SECONDS_AFTER_FINISHED: \"1.5\" is not a valid 32-bit integer"_s;
        QTest::newRow("ttl sign only")
            << ttl << u"-"_s
            << u"invalid value for JOB_TTL_SECONDS_AFTER_FINISHED: \"-\" is not a valid 32-bit integer"_s;

        QTest::newRow("pod cpu limit")
            << u"POD_CPU_LIMIT"_s << u"1000x"_s
            << u"invalid value for POD_CPU_LIMIT: \"1000x\" is not a valid Kubernetes quantity: unknown "
               "suffix \"x\" (valid suffixes: n u m k M G T P E Ki Mi Gi Ti Pi Ei, or an exponent such as "
               "e3)"_s;
        QTest::newRow("pod cpu request negative")
            << u"POD_CPU_REQUEST"_s << u"-1"_s
            << u"invalid value for POD_CPU_REQUEST: \"-1\" must not be negative"_s;
        QTest::newRow("pod ephemeral limit")
            << u"POD_EPHEMERAL_LIMIT"_s << u"50 M"_s
            << u"invalid value for POD_EPHEMERAL_LIMIT: \"50 M\" is not a valid Kubernetes quantity: it "
               "contains whitespace"_s;
        QTest::newRow("master mem limit")
            << u"MASTER_POD_MEM_LIMIT"_s << u"1.5.5Gi"_s
            << u"invalid value for MASTER_POD_MEM_LIMIT: \"1.5.5Gi\" is not a valid Kubernetes quantity: it "
               "has more than one decimal point"_s;
        QTest::newRow("master cpu request negative")
            << u"MASTER_POD_CPU_REQUEST"_s << u"-100m"_s
            << u"invalid value for MASTER_POD_CPU_REQUEST: \"-100m\" must not be negative"_s;
        QTest::newRow("worker ephemeral request")
            << u"WORKER_POD_EPHEMERAL_REQUEST"_s << u"Mi"_s
            << u"invalid value for WORKER_POD_EPHEMERAL_REQUEST: \"Mi\" is not a valid Kubernetes quantity: "
               "the number is missing"_s;
        QTest::newRow("worker mem limit negative")
            << u"WORKER_POD_MEM_LIMIT"_s << u"-1Gi"_s
            << u"invalid value for WORKER_POD_MEM_LIMIT: \"-1Gi\" must not be negative"_s;
        QTest::newRow("exporter cpu limit")
            << u"METRICS_EXPORTER_CPU_LIMIT"_s << u"1e"_s
            << u"invalid value for METRICS_EXPORTER_CPU_LIMIT: \"1e\" is not a valid Kubernetes quantity: "
               "the exponent \"e\" has no digits (write it like e3 or e-3)"_s;
        QTest::newRow("exporter mem request negative")
            << u"METRICS_EXPORTER_MEM_REQUEST"_s << u"-64Mi"_s
            << u"invalid value for METRICS_EXPORTER_MEM_REQUEST: \"-64Mi\" must not be negative"_s;

        QTest::newRow("image empty")
            << u"METRICS_EXPORTER_IMAGE"_s << QString()
            << u"invalid value for METRICS_EXPORTER_IMAGE: the image must not be empty"_s;
        const QString port = u"METRICS_EXPORTER_PORT"_s;
        QTest::newRow("port text")
            << port << u"x"_s
            << u"invalid value for METRICS_EXPORTER_PORT: \"x\" is not a valid 32-bit integer"_s;
        QTest::newRow("port empty")
            << port << QString()
            << u"invalid value for METRICS_EXPORTER_PORT: \"\" is not a valid 32-bit integer"_s;
        QTest::newRow("port overflow")
            << port << u"99999999999"_s
            << u"invalid value for METRICS_EXPORTER_PORT: \"99999999999\" is not a valid 32-bit integer"_s;
        QTest::newRow("port zero")
            << port << u"0"_s
            << u"invalid value for METRICS_EXPORTER_PORT: \"0\" must be between 1 and 65535"_s;
        QTest::newRow("port too large")
            << port << u"65536"_s
            << u"invalid value for METRICS_EXPORTER_PORT: \"65536\" must be between 1 and 65535"_s;
        QTest::newRow("port negative")
            << port << u"-1"_s
            << u"invalid value for METRICS_EXPORTER_PORT: \"-1\" must be between 1 and 65535"_s;
        const QString pullPolicy = u"METRICS_EXPORTER_IMAGE_PULL_POLICY"_s;
        QTest::newRow("pull policy case")
            << pullPolicy << u"always"_s
            << u"invalid value for METRICS_EXPORTER_IMAGE_PULL_POLICY: \"always\" is not a valid image pull "
               "policy (accepted: Always, IfNotPresent, Never)"_s;
        QTest::newRow("pull policy empty")
            << pullPolicy << QString()
            << u"invalid value for METRICS_EXPORTER_IMAGE_PULL_POLICY: \"\" is not a valid image pull "
               "policy (accepted: Always, IfNotPresent, Never)"_s;

        const QString kafka = u"KAFKA_SECURITY_ENABLED"_s;
        QTest::newRow("kafka yes")
            << kafka << u"yes"_s
            << u"invalid value for KAFKA_SECURITY_ENABLED: \"yes\" is not a valid boolean (accepted: 1, t, "
               "T, TRUE, true, True, 0, f, F, FALSE, false, False)"_s;
        QTest::newRow("kafka empty")
            << kafka << QString()
            << u"invalid value for KAFKA_SECURITY_ENABLED: \"\" is not a valid boolean "_s
                   + acceptedBooleans;
        QTest::newRow("kafka mixed case")
            << kafka << u"TRue"_s
            << u"invalid value for KAFKA_SECURITY_ENABLED: \"TRue\" is not a valid boolean "_s
                   + acceptedBooleans;
        QTest::newRow("kafka space")
            << kafka << u" true"_s
            << u"invalid value for KAFKA_SECURITY_ENABLED: \" true\" is not a valid boolean "_s
                   + acceptedBooleans;
        QTest::newRow("affinity on")
            << u"ENABLE_AFFINITY_CR_INJECTION"_s << u"on"_s
            << u"invalid value for ENABLE_AFFINITY_CR_INJECTION: \"on\" is not a valid boolean "_s
                   + acceptedBooleans;
        QTest::newRow("tolerations 2")
            << u"ENABLE_TAINT_TOLERATIONS_CR_INJECTION"_s << u"2"_s
            << u"invalid value for ENABLE_TAINT_TOLERATIONS_CR_INJECTION: \"2\" is not a valid boolean "_s
                   + acceptedBooleans;
    }
    void error()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, message);
        const OperatorConfigLoad result = load({{variable, value}});
        QVERIFY(!result.ok());
        QCOMPARE(result.errors, QStringList{message});
        // A variable with an error keeps its default.
        QCOMPARE(describe(result.config), describe(OperatorConfig()));
    }

    void runtimeClassValid_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("gvisor") << u"gvisor"_s;
        QTest::newRow("kata-containers") << u"kata-containers"_s;
        QTest::newRow("sandbox.example.com") << u"sandbox.example.com"_s;
        QTest::newRow("253") << QString(253, u'a');
    }
    void runtimeClassValid()
    {
        QFETCH(QString, name);
        const OperatorConfigLoad result = load({{u"DEFAULT_RUNTIME_CLASS_NAME"_s, name}});
        QCOMPARE(result.errors, QStringList());
        QCOMPARE(result.config.defaultRuntimeClassName, name);
    }

    void runtimeClassInvalid_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("upper case") << u"gVisor"_s << u"\"gVisor\""_s;
        QTest::newRow("underscore") << u"gvisor_sandbox"_s << u"\"gvisor_sandbox\""_s;
        QTest::newRow("leading dash") << u"-gvisor"_s << u"\"-gvisor\""_s;
        QTest::newRow("trailing space") << u"gvisor "_s << u"\"gvisor \""_s;
        QTest::newRow("254") << QString(254, u'a') << u"\""_s + QString(254, u'a') + u"\""_s;
    }
    void runtimeClassInvalid()
    {
        QFETCH(QString, name);
        QFETCH(QString, quoted);
        const OperatorConfigLoad result = load({{u"DEFAULT_RUNTIME_CLASS_NAME"_s, name}});
        const QStringList reasons = locust::kubernetesnames::dns1123Subdomain(name);
        QVERIFY(!reasons.isEmpty());
        QCOMPARE(result.errors,
                 QStringList{u"invalid value for DEFAULT_RUNTIME_CLASS_NAME: "_s + quoted
                             + u" is not a valid RuntimeClass name: "_s + reasons.join(u"; "_s)});
        QCOMPARE(result.config.defaultRuntimeClassName, QString());
    }

    void runtimeClassReasonsAreJoined()
    {
        // 254 characters with an upper-case letter break both rules: two reasons, one message.
        const QString name = u"A"_s + QString(253, u'a');
        const OperatorConfigLoad result = load({{u"DEFAULT_RUNTIME_CLASS_NAME"_s, name}});
        QCOMPARE(result.errors.size(), 1);
        const QString message = result.errors.first();
        QVERIFY(message.contains(u" is not a valid RuntimeClass name: must be no more than 253 characters; "
                                 "a lowercase RFC 1123 subdomain must consist of"_s));
    }

    void booleanSpellings_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("expected");
        const QStringList variables = {u"KAFKA_SECURITY_ENABLED"_s, u"ENABLE_AFFINITY_CR_INJECTION"_s,
                                       u"ENABLE_TAINT_TOLERATIONS_CR_INJECTION"_s};
        const QStringList trueSpellings = {u"1"_s, u"t"_s, u"T"_s, u"TRUE"_s, u"true"_s, u"True"_s};
        const QStringList falseSpellings = {u"0"_s, u"f"_s, u"F"_s, u"FALSE"_s, u"false"_s, u"False"_s};
        for (const QString &variable : variables) {
            for (const QString &spelling : trueSpellings) {
                QTest::addRow("%s=%s", qPrintable(variable), qPrintable(spelling))
                    << variable << spelling << true;
            }
            for (const QString &spelling : falseSpellings) {
                QTest::addRow("%s=%s", qPrintable(variable), qPrintable(spelling))
                    << variable << spelling << false;
            }
        }
    }
    void booleanSpellings()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(bool, expected);
        const OperatorConfigLoad result = load({{variable, value}});
        QCOMPARE(result.errors, QStringList());
        if (variable == u"KAFKA_SECURITY_ENABLED"_s)
            QCOMPARE(result.config.kafka.securityEnabled, expected);
        else if (variable == u"ENABLE_AFFINITY_CR_INJECTION"_s)
            QCOMPARE(result.config.affinityInjection, expected);
        else
            QCOMPARE(result.config.tolerationsInjection, expected);
    }

    void allProblemsReportedInOrder()
    {
        // Inserted in scrambled order; reported in the order of the documentation.
        const OperatorConfigLoad result = load({
            {u"DEFAULT_RUNTIME_CLASS_NAME"_s, u"Bad_Name"_s},
            {u"ENABLE_TAINT_TOLERATIONS_CR_INJECTION"_s, u"maybe"_s},
            {u"KAFKA_SECURITY_ENABLED"_s, u"yes"_s},
            {u"METRICS_EXPORTER_EPHEMERAL_LIMIT"_s, u"lots"_s},
            {u"METRICS_EXPORTER_IMAGE_PULL_POLICY"_s, u"Sometimes"_s},
            {u"METRICS_EXPORTER_PORT"_s, u"0"_s},
            {u"METRICS_EXPORTER_IMAGE"_s, u""_s},
            {u"WORKER_POD_CPU_LIMIT"_s, u"1 Gi"_s},
            {u"MASTER_POD_MEM_REQUEST"_s, u"-1"_s},
            {u"POD_EPHEMERAL_LIMIT"_s, u"1x"_s},
            {u"POD_CPU_REQUEST"_s, u"-"_s},
            {u"JOB_TTL_SECONDS_AFTER_FINISHED"_s, u"soon"_s},
        });
        QVERIFY(!result.ok());
        QStringList variables;
        for (const QString &error : result.errors) {
            QVERIFY2(error.startsWith(u"invalid value for "_s), qPrintable(error));
            variables << error.section(u' ', 3, 3).chopped(1);
        }
        QCOMPARE(variables, (QStringList{
                                u"JOB_TTL_SECONDS_AFTER_FINISHED"_s,
                                u"POD_CPU_REQUEST"_s,
                                u"POD_EPHEMERAL_LIMIT"_s,
                                u"MASTER_POD_MEM_REQUEST"_s,
                                u"WORKER_POD_CPU_LIMIT"_s,
                                u"METRICS_EXPORTER_IMAGE"_s,
                                u"METRICS_EXPORTER_PORT"_s,
                                u"METRICS_EXPORTER_IMAGE_PULL_POLICY"_s,
                                u"METRICS_EXPORTER_EPHEMERAL_LIMIT"_s,
                                u"KAFKA_SECURITY_ENABLED"_s,
                                u"ENABLE_TAINT_TOLERATIONS_CR_INJECTION"_s,
                                u"DEFAULT_RUNTIME_CLASS_NAME"_s,
                            }));
        // Every bad variable kept its default.
        QCOMPARE(describe(result.config), describe(OperatorConfig()));
    }

    void goodValuesSurviveBadNeighbours()
    {
        const OperatorConfigLoad result = load({{u"METRICS_EXPORTER_PORT"_s, u"http"_s},
                                                {u"KAFKA_USERNAME"_s, u"locust"_s},
                                                {u"POD_CPU_LIMIT"_s, u"2"_s}});
        QCOMPARE(result.errors.size(), 1);
        QCOMPARE(result.config.kafka.username, u"locust"_s);
        QCOMPARE(result.config.podResources.limits.value(u"cpu"_s).toString(), u"2"_s);
        QCOMPARE(result.config.metricsExporterPort, 9646);
    }

    void requestAboveLimit_data()
    {
        QTest::addColumn<QProcessEnvironment>("env");
        QTest::addColumn<QStringList>("errors");

        // The message format in full, once per subject.
        QTest::newRow("master override")
            << environment({{u"MASTER_POD_CPU_REQUEST"_s, u"2"_s}})
            << QStringList{u"master pod cpu request 2 (MASTER_POD_CPU_REQUEST) is greater than its limit 1 "
                           "(POD_CPU_LIMIT); the API server would reject every master Job"_s};
        QTest::newRow("worker overrides")
            << environment({{u"WORKER_POD_MEM_REQUEST"_s, u"2Gi"_s}, {u"WORKER_POD_MEM_LIMIT"_s, u"1Gi"_s}})
            << QStringList{u"worker pod memory request 2Gi (WORKER_POD_MEM_REQUEST) is greater than its "
                           "limit 1Gi (WORKER_POD_MEM_LIMIT); the API server would reject every worker "
                           "Job"_s};
        QTest::newRow("exporter")
            << environment({{u"METRICS_EXPORTER_EPHEMERAL_REQUEST"_s, u"100M"_s}})
            << QStringList{u"metrics exporter ephemeral-storage request 100M "
                           "(METRICS_EXPORTER_EPHEMERAL_REQUEST) is greater than its limit 50M "
                           "(METRICS_EXPORTER_EPHEMERAL_LIMIT); the API server would reject every master "
                           "Job"_s};

        QTest::newRow("role limit below unified request")
            << environment({{u"WORKER_POD_EPHEMERAL_LIMIT"_s, u"10M"_s}})
            << QStringList{tooHigh(u"worker pod ephemeral-storage request 30M (POD_EPHEMERAL_REQUEST)"_s,
                                   u"10M (WORKER_POD_EPHEMERAL_LIMIT)"_s, u"worker"_s)};
        QTest::newRow("unified affects both roles")
            << environment({{u"POD_CPU_REQUEST"_s, u"1500m"_s}})
            << QStringList{tooHigh(u"master pod cpu request 1500m (POD_CPU_REQUEST)"_s,
                                   u"1 (POD_CPU_LIMIT)"_s, u"master"_s),
                           tooHigh(u"worker pod cpu request 1500m (POD_CPU_REQUEST)"_s,
                                   u"1 (POD_CPU_LIMIT)"_s, u"worker"_s)};
        QTest::newRow("removing the worker limit")
            << environment({{u"POD_CPU_REQUEST"_s, u"2"_s}, {u"WORKER_POD_CPU_LIMIT"_s, u""_s}})
            << QStringList{tooHigh(u"master pod cpu request 2 (POD_CPU_REQUEST)"_s, u"1 (POD_CPU_LIMIT)"_s,
                                   u"master"_s)};
        QTest::newRow("removing the master request")
            << environment({{u"POD_CPU_REQUEST"_s, u"2"_s}, {u"MASTER_POD_CPU_REQUEST"_s, u""_s}})
            << QStringList{tooHigh(u"worker pod cpu request 2 (POD_CPU_REQUEST)"_s, u"1 (POD_CPU_LIMIT)"_s,
                                   u"worker"_s)};
        QTest::newRow("unified limit removed, role limit added")
            << environment({{u"POD_CPU_LIMIT"_s, u""_s},
                            {u"POD_CPU_REQUEST"_s, u"4"_s},
                            {u"MASTER_POD_CPU_LIMIT"_s, u"3"_s}})
            << QStringList{tooHigh(u"master pod cpu request 4 (POD_CPU_REQUEST)"_s,
                                   u"3 (MASTER_POD_CPU_LIMIT)"_s, u"master"_s)};
        QTest::newRow("exporter is separate from the pods")
            << environment({{u"POD_MEM_LIMIT"_s, u"64Mi"_s}})
            << QStringList{tooHigh(u"master pod memory request 128Mi (POD_MEM_REQUEST)"_s,
                                   u"64Mi (POD_MEM_LIMIT)"_s, u"master"_s),
                           tooHigh(u"worker pod memory request 128Mi (POD_MEM_REQUEST)"_s,
                                   u"64Mi (POD_MEM_LIMIT)"_s, u"worker"_s)};
        QTest::newRow("compared by value across formats")
            << environment({{u"MASTER_POD_MEM_REQUEST"_s, u"1073741825"_s}})
            << QStringList{tooHigh(u"master pod memory request 1073741825 (MASTER_POD_MEM_REQUEST)"_s,
                                   u"1Gi (POD_MEM_LIMIT)"_s, u"master"_s)};

        QTest::newRow("equal is fine")
            << environment({{u"MASTER_POD_CPU_REQUEST"_s, u"1"_s}}) << QStringList();
        QTest::newRow("equal across formats")
            << environment({{u"MASTER_POD_MEM_REQUEST"_s, u"1073741824"_s}}) << QStringList();
        QTest::newRow("no limit, no check")
            << environment({{u"POD_CPU_REQUEST"_s, u"8"_s}, {u"POD_CPU_LIMIT"_s, u""_s}}) << QStringList();
        QTest::newRow("overridden on both roles")
            << environment({{u"POD_CPU_REQUEST"_s, u"2"_s},
                            {u"MASTER_POD_CPU_LIMIT"_s, u"2"_s},
                            {u"WORKER_POD_CPU_REQUEST"_s, u"500m"_s}})
            << QStringList();

        // A variable that failed already has its message; its stand-in default is not compared.
        QTest::newRow("bad role limit is not compared")
            << environment({{u"MASTER_POD_CPU_REQUEST"_s, u"2"_s}, {u"MASTER_POD_CPU_LIMIT"_s, u"1 "_s}})
            << QStringList{u"invalid value for MASTER_POD_CPU_LIMIT: \"1 \" is not a valid Kubernetes "
                           "quantity: it contains whitespace"_s};
        QTest::newRow("bad unified limit is not compared")
            << environment({{u"MASTER_POD_CPU_REQUEST"_s, u"2"_s}, {u"POD_CPU_LIMIT"_s, u"-1"_s}})
            << QStringList{u"invalid value for POD_CPU_LIMIT: \"-1\" must not be negative"_s};
        QTest::newRow("bad exporter request is not compared")
            << environment({{u"METRICS_EXPORTER_CPU_REQUEST"_s, u"-5"_s},
                            {u"METRICS_EXPORTER_CPU_LIMIT"_s, u"0"_s}})
            << QStringList{u"invalid value for METRICS_EXPORTER_CPU_REQUEST: \"-5\" must not be negative"_s};
        QTest::newRow("cross checks come last")
            << environment({{u"MASTER_POD_CPU_REQUEST"_s, u"2"_s},
                            {u"DEFAULT_RUNTIME_CLASS_NAME"_s, u"a_b"_s}})
            << QStringList{u"invalid value for DEFAULT_RUNTIME_CLASS_NAME: \"a_b\" is not a valid "
                           "RuntimeClass name: "_s
                               + locust::kubernetesnames::dns1123Subdomain(u"a_b"_s).join(u"; "_s),
                           tooHigh(u"master pod cpu request 2 (MASTER_POD_CPU_REQUEST)"_s,
                                   u"1 (POD_CPU_LIMIT)"_s, u"master"_s)};
        QTest::newRow("order: master, worker, exporter; cpu, memory")
            << environment({{u"METRICS_EXPORTER_CPU_REQUEST"_s, u"2"_s},
                            {u"WORKER_POD_MEM_REQUEST"_s, u"2Gi"_s},
                            {u"WORKER_POD_CPU_REQUEST"_s, u"2"_s},
                            {u"MASTER_POD_MEM_REQUEST"_s, u"2Gi"_s}})
            << QStringList{tooHigh(u"master pod memory request 2Gi (MASTER_POD_MEM_REQUEST)"_s,
                                   u"1Gi (POD_MEM_LIMIT)"_s, u"master"_s),
                           tooHigh(u"worker pod cpu request 2 (WORKER_POD_CPU_REQUEST)"_s,
                                   u"1 (POD_CPU_LIMIT)"_s, u"worker"_s),
                           tooHigh(u"worker pod memory request 2Gi (WORKER_POD_MEM_REQUEST)"_s,
                                   u"1Gi (POD_MEM_LIMIT)"_s, u"worker"_s),
                           tooHigh(u"metrics exporter cpu request 2 (METRICS_EXPORTER_CPU_REQUEST)"_s,
                                   u"1 (METRICS_EXPORTER_CPU_LIMIT)"_s, u"master"_s)};
    }
    void requestAboveLimit()
    {
        QFETCH(QProcessEnvironment, env);
        QFETCH(QStringList, errors);
        const OperatorConfigLoad result = OperatorConfigLoader::load(env);
        QCOMPARE(result.errors, errors);
        QCOMPARE(result.ok(), errors.isEmpty());
    }
};

QTEST_GUILESS_MAIN(OperatorConfigLoaderTest)
#include "tst_operatorconfigloader.moc"
