#include "resources/containerenv.h"

using namespace Qt::StringLiterals;

namespace locust::resources::containerenv {

namespace {

// An empty value is written as an entry with only a name, as Kubernetes serialises it.
QJsonObject variable(const QString &name, const QString &value)
{
    QJsonObject entry{{u"name"_s, name}};
    if (!value.isEmpty())
        entry.insert(u"value"_s, value);
    return entry;
}

QJsonObject envFromSource(const api::EnvSourceRef &ref, const QString &kind)
{
    QJsonObject source{{kind, QJsonObject{{u"name"_s, ref.name.value_or(QString())}}}};
    if (!ref.prefix.value_or(QString()).isEmpty())
        source.insert(u"prefix"_s, *ref.prefix);
    return source;
}

} // namespace

QJsonArray env(const api::LocustTestSpecV2 &spec, const config::OperatorConfig &config)
{
    const config::KafkaConfig &kafka = config.kafka;
    QJsonArray result{
        variable(u"KAFKA_BOOTSTRAP_SERVERS"_s, kafka.bootstrapServers),
        variable(u"KAFKA_SECURITY_ENABLED"_s, kafka.securityEnabled ? u"true"_s : u"false"_s),
        variable(u"KAFKA_SECURITY_PROTOCOL_CONFIG"_s, kafka.securityProtocol),
        variable(u"KAFKA_SASL_MECHANISM"_s, kafka.saslMechanism),
        variable(u"KAFKA_SASL_JAAS_CONFIG"_s, kafka.saslJaasConfig),
        variable(u"KAFKA_USERNAME"_s, kafka.username),
        variable(u"KAFKA_PASSWORD"_s, kafka.password),
    };

    if (spec.openTelemetryEnabled()) {
        const api::OpenTelemetryConfig &otel = *spec.observability->openTelemetry;
        result.append(variable(u"OTEL_TRACES_EXPORTER"_s, u"otlp"_s));
        result.append(variable(u"OTEL_METRICS_EXPORTER"_s, u"otlp"_s));
        if (!otel.endpoint.value_or(QString()).isEmpty())
            result.append(variable(u"OTEL_EXPORTER_OTLP_ENDPOINT"_s, *otel.endpoint));
        const QString protocol = otel.protocol.value_or(QString());
        result.append(variable(u"OTEL_EXPORTER_OTLP_PROTOCOL"_s, protocol.isEmpty() ? u"grpc"_s : protocol));
        if (otel.insecure.value_or(false))
            result.append(variable(u"OTEL_EXPORTER_OTLP_INSECURE"_s, u"true"_s));
        const api::StringMap extra = otel.extraEnvVars.value_or(api::StringMap());
        for (auto it = extra.constBegin(); it != extra.constEnd(); ++it) // QMap: sorted by name
            result.append(variable(it.key(), it.value()));
    }

    if (spec.env && spec.env->variables) {
        for (const QJsonValue &userVariable : *spec.env->variables)
            result.append(userVariable);
    }
    return result;
}

QJsonArray envFrom(const api::LocustTestSpecV2 &spec)
{
    QJsonArray result;
    if (!spec.env)
        return result;
    for (const api::EnvSourceRef &ref : spec.env->configMapRefs.value_or(QList<api::EnvSourceRef>()))
        result.append(envFromSource(ref, u"configMapRef"_s));
    for (const api::EnvSourceRef &ref : spec.env->secretRefs.value_or(QList<api::EnvSourceRef>()))
        result.append(envFromSource(ref, u"secretRef"_s));
    return result;
}

} // namespace locust::resources::containerenv
