#include "resources/containerenv.h"

#include "api/operatorvariables.h"

using namespace Qt::StringLiterals;

namespace locust::resources::containerenv {

namespace {

namespace names = api::operatorvariables;

// An empty value is written as an entry with only a name, as Kubernetes serialises it.
QJsonObject variable(QStringView name, const QString &value)
{
    QJsonObject entry{{u"name"_s, name.toString()}};
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
        variable(names::kafkaBootstrapServers, kafka.bootstrapServers),
        variable(names::kafkaSecurityEnabled, kafka.securityEnabled ? u"true"_s : u"false"_s),
        variable(names::kafkaSecurityProtocol, kafka.securityProtocol),
        variable(names::kafkaSaslMechanism, kafka.saslMechanism),
        variable(names::kafkaSaslJaasConfig, kafka.saslJaasConfig),
        variable(names::kafkaUsername, kafka.username),
        variable(names::kafkaPassword, kafka.password),
    };

    if (spec.openTelemetryEnabled()) {
        const api::OpenTelemetryConfig &otel = *spec.observability->openTelemetry;
        result.append(variable(names::otelTracesExporter, u"otlp"_s));
        result.append(variable(names::otelMetricsExporter, u"otlp"_s));
        if (!otel.endpoint.value_or(QString()).isEmpty())
            result.append(variable(names::otelEndpoint, *otel.endpoint));
        const QString protocol = otel.protocol.value_or(QString());
        result.append(variable(names::otelProtocol, protocol.isEmpty() ? u"grpc"_s : protocol));
        if (otel.insecure.value_or(false))
            result.append(variable(names::otelInsecure, u"true"_s));
        const api::StringMap extra = otel.extraEnvVars.value_or(api::StringMap());
        for (auto it = extra.constBegin(); it != extra.constEnd(); ++it) // QMap: sorted by name
            result.append(variable(QStringView(it.key()), it.value()));
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
