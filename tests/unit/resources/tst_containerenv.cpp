#include "config/operatorconfigloader.h"
#include "jsontestsupport.h"
#include "locusttestfixtures.h"
#include "resources/containerenv.h"
#include "serialization/yamlreader.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
namespace containerenv = resources::containerenv;
using testsupport::storedSpec;

namespace {

QStringList names(const QJsonArray &env)
{
    QStringList result;
    for (const QJsonValue &entry : env)
        result << entry.toObject().value(u"name").toString();
    return result;
}

QJsonValue valueOf(const QJsonArray &env, const QString &name)
{
    for (const QJsonValue &entry : env) {
        if (entry.toObject().value(u"name").toString() == name)
            return entry.toObject().value(u"value");
    }
    return QJsonValue::Undefined;
}

const QStringList kafka = {u"KAFKA_BOOTSTRAP_SERVERS"_s, u"KAFKA_SECURITY_ENABLED"_s,
                           u"KAFKA_SECURITY_PROTOCOL_CONFIG"_s, u"KAFKA_SASL_MECHANISM"_s,
                           u"KAFKA_SASL_JAAS_CONFIG"_s, u"KAFKA_USERNAME"_s, u"KAFKA_PASSWORD"_s};


// A spec decoded as written, without the CRD defaults storedSpec() applies, so that the builders'
// own fallbacks for unset fields run (the reconciler may see such a spec, e.g. from an older API server).
api::LocustTestSpecV2 undefaultedSpec(const QByteArray &yaml)
{
    const auto documents = serialization::YamlReader::readAll(yaml);
    if (!documents || documents->size() != 1)
        qFatal("test spec YAML does not parse: %s", yaml.constData());
    FieldErrorList errors;
    const api::LocustTestSpecV2 spec =
        api::LocustTestV2::specFromJson(documents->first().value.toObject(), u"spec"_s, &errors);
    if (!errors.isEmpty())
        qFatal("test spec does not decode: %s", qPrintable(errors.first().toString()));
    return spec;
}

} // namespace

class ContainerEnvTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kafkaVariablesFromTheConfiguration()
    {
        QProcessEnvironment environment;
        environment.insert(u"KAFKA_BOOTSTRAP_SERVERS"_s, u"broker:9093"_s);
        environment.insert(u"KAFKA_SECURITY_ENABLED"_s, u"1"_s);
        environment.insert(u"KAFKA_PASSWORD"_s, u"s3cret"_s);
        const auto load = config::OperatorConfigLoader::load(environment);
        QVERIFY(load.ok());
        const QJsonArray env = containerenv::env(storedSpec("spec: {image: i}"), load.config);
        QCOMPARE(names(env), kafka);
        QCOMPARE(valueOf(env, u"KAFKA_BOOTSTRAP_SERVERS"_s).toString(), u"broker:9093"_s);
        QCOMPARE(valueOf(env, u"KAFKA_SECURITY_ENABLED"_s).toString(), u"true"_s);
        QCOMPARE(valueOf(env, u"KAFKA_PASSWORD"_s).toString(), u"s3cret"_s);
        // An empty value is an entry with only a name.
        QCOMPARE(env.at(4).toObject(), (QJsonObject{{u"name"_s, u"KAFKA_SASL_JAAS_CONFIG"_s}}));
    }

    void everyKafkaVariableFromTheConfiguration()
    {
        QProcessEnvironment environment;
        environment.insert(u"KAFKA_BOOTSTRAP_SERVERS"_s, u"broker:9093"_s);
        environment.insert(u"KAFKA_SECURITY_ENABLED"_s, u"true"_s);
        environment.insert(u"KAFKA_SECURITY_PROTOCOL_CONFIG"_s, u"SASL_SSL"_s);
        environment.insert(u"KAFKA_SASL_MECHANISM"_s, u"PLAIN"_s);
        environment.insert(u"KAFKA_SASL_JAAS_CONFIG"_s, u"org.apache.kafka.common.security.plain.PlainLoginModule required;"_s);
        environment.insert(u"KAFKA_USERNAME"_s, u"locust"_s);
        environment.insert(u"KAFKA_PASSWORD"_s, u"s3cret"_s);
        const auto load = config::OperatorConfigLoader::load(environment);
        QVERIFY(load.ok());
        auto entry = [](const QString &name, const QString &value) {
            return QJsonObject{{u"name"_s, name}, {u"value"_s, value}};
        };
        LOCUST_COMPARE_JSON(containerenv::env(storedSpec("spec: {image: i}"), load.config),
                            (QJsonArray{entry(u"KAFKA_BOOTSTRAP_SERVERS"_s, u"broker:9093"_s),
                                        entry(u"KAFKA_SECURITY_ENABLED"_s, u"true"_s),
                                        entry(u"KAFKA_SECURITY_PROTOCOL_CONFIG"_s, u"SASL_SSL"_s),
                                        entry(u"KAFKA_SASL_MECHANISM"_s, u"PLAIN"_s),
                                        entry(u"KAFKA_SASL_JAAS_CONFIG"_s,
                                              u"org.apache.kafka.common.security.plain.PlainLoginModule required;"_s),
                                        entry(u"KAFKA_USERNAME"_s, u"locust"_s),
                                        entry(u"KAFKA_PASSWORD"_s, u"s3cret"_s)}));
    }

    void otelVariablesInOrderWithExtrasSorted()
    {
        const auto spec = storedSpec("spec:\n  image: i\n  observability:\n    openTelemetry:\n      enabled: true\n"
                                     "      endpoint: http://collector:4318\n      protocol: http/protobuf\n"
                                     "      insecure: true\n      extraEnvVars: {Z_LAST: z, A_FIRST: a, M_MID: m}\n"
                                     "  env:\n    variables: [{name: USER_VAR, value: u}]\n");
        const QJsonArray env = containerenv::env(spec, config::OperatorConfig{});
        const QStringList expected = kafka + QStringList{u"OTEL_TRACES_EXPORTER"_s, u"OTEL_METRICS_EXPORTER"_s,
                                                         u"OTEL_EXPORTER_OTLP_ENDPOINT"_s,
                                                         u"OTEL_EXPORTER_OTLP_PROTOCOL"_s,
                                                         u"OTEL_EXPORTER_OTLP_INSECURE"_s, u"A_FIRST"_s, u"M_MID"_s,
                                                         u"Z_LAST"_s, u"USER_VAR"_s};
        QCOMPARE(names(env), expected);
        QCOMPARE(valueOf(env, u"OTEL_TRACES_EXPORTER"_s).toString(), u"otlp"_s);
        QCOMPARE(valueOf(env, u"OTEL_METRICS_EXPORTER"_s).toString(), u"otlp"_s);
        QCOMPARE(valueOf(env, u"OTEL_EXPORTER_OTLP_ENDPOINT"_s).toString(), u"http://collector:4318"_s);
        QCOMPARE(valueOf(env, u"OTEL_EXPORTER_OTLP_PROTOCOL"_s).toString(), u"http/protobuf"_s);
        QCOMPARE(valueOf(env, u"OTEL_EXPORTER_OTLP_INSECURE"_s).toString(), u"true"_s);
    }

    void otelMinimal()
    {
        // No endpoint: no endpoint variable. Not insecure: no insecure variable. Protocol defaults to grpc.
        const auto spec = storedSpec("spec: {image: i, observability: {openTelemetry: {enabled: true}}}");
        const QJsonArray env = containerenv::env(spec, config::OperatorConfig{});
        QCOMPARE(names(env).mid(kafka.size()),
                 (QStringList{u"OTEL_TRACES_EXPORTER"_s, u"OTEL_METRICS_EXPORTER"_s, u"OTEL_EXPORTER_OTLP_PROTOCOL"_s}));
        QCOMPARE(valueOf(env, u"OTEL_EXPORTER_OTLP_PROTOCOL"_s).toString(), u"grpc"_s);
    }

    void otelWithoutDefaults()
    {
        // No CRD defaults applied: protocol and insecure unset still mean grpc and secure.
        const auto spec = undefaultedSpec("{image: i, observability: {openTelemetry: {enabled: true, endpoint: 'http://o:4317'}}}");
        QVERIFY(!spec.observability->openTelemetry->protocol.has_value());
        const QJsonArray env = containerenv::env(spec, config::OperatorConfig{});
        QCOMPARE(names(env).mid(kafka.size()),
                 (QStringList{u"OTEL_TRACES_EXPORTER"_s, u"OTEL_METRICS_EXPORTER"_s, u"OTEL_EXPORTER_OTLP_ENDPOINT"_s,
                              u"OTEL_EXPORTER_OTLP_PROTOCOL"_s}));
        QCOMPARE(valueOf(env, u"OTEL_EXPORTER_OTLP_PROTOCOL"_s), QJsonValue(u"grpc"_s));
    }

    void otelDisabledAddsNothing()
    {
        const auto spec = storedSpec("spec: {image: i, observability: {openTelemetry: {enabled: false, endpoint: x, "
                                     "extraEnvVars: {A: b}}}}");
        QCOMPARE(names(containerenv::env(spec, config::OperatorConfig{})), kafka);
    }

    void userVariablesLastAndVerbatim()
    {
        const auto spec = storedSpec("spec:\n  image: i\n  env:\n    variables:\n"
                                     "    - {name: KAFKA_BOOTSTRAP_SERVERS, value: mine:1}\n"
                                     "    - name: FROM_SECRET\n"
                                     "      valueFrom: {secretKeyRef: {name: s, key: k, optional: true}}\n");
        const QJsonArray env = containerenv::env(spec, config::OperatorConfig{});
        QCOMPARE(env.size(), kafka.size() + 2);
        QCOMPARE(env.at(kafka.size()).toObject(),
                 (QJsonObject{{u"name"_s, u"KAFKA_BOOTSTRAP_SERVERS"_s}, {u"value"_s, u"mine:1"_s}}));
        LOCUST_COMPARE_JSON(env.at(kafka.size() + 1),
                            (QJsonObject{{u"name"_s, u"FROM_SECRET"_s},
                                         {u"valueFrom"_s,
                                          QJsonObject{{u"secretKeyRef"_s, QJsonObject{{u"name"_s, u"s"_s},
                                                                                      {u"key"_s, u"k"_s},
                                                                                      {u"optional"_s, true}}}}}}));
    }

    void envFromConfigMapsThenSecrets()
    {
        const auto spec = storedSpec("spec:\n  image: i\n  env:\n"
                                     "    secretRefs: [{name: s1, prefix: S_}]\n"
                                     "    configMapRefs: [{name: c1}, {name: c2, prefix: APP_}]\n");
        LOCUST_COMPARE_JSON(containerenv::envFrom(spec),
                            (QJsonArray{QJsonObject{{u"configMapRef"_s, QJsonObject{{u"name"_s, u"c1"_s}}}},
                                        QJsonObject{{u"prefix"_s, u"APP_"_s},
                                                    {u"configMapRef"_s, QJsonObject{{u"name"_s, u"c2"_s}}}},
                                        QJsonObject{{u"prefix"_s, u"S_"_s},
                                                    {u"secretRef"_s, QJsonObject{{u"name"_s, u"s1"_s}}}}}));
        QVERIFY(containerenv::envFrom(storedSpec("spec: {image: i}")).isEmpty());
        QVERIFY(containerenv::envFrom(storedSpec("spec: {image: i, env: {}}")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(ContainerEnvTest)
#include "tst_containerenv.moc"
