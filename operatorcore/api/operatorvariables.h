#pragma once

#include <QStringList>
#include <QStringView>

// The environment variables the operator sets on every Locust container. The env builder writes
// them; the validator warns when a user's variable would override one. One list, so the warning
// cannot miss a variable the builder adds.
namespace locust::api::operatorvariables {

inline constexpr QStringView kafkaBootstrapServers = u"KAFKA_BOOTSTRAP_SERVERS";
inline constexpr QStringView kafkaSecurityEnabled = u"KAFKA_SECURITY_ENABLED";
inline constexpr QStringView kafkaSecurityProtocol = u"KAFKA_SECURITY_PROTOCOL_CONFIG";
inline constexpr QStringView kafkaSaslMechanism = u"KAFKA_SASL_MECHANISM";
inline constexpr QStringView kafkaSaslJaasConfig = u"KAFKA_SASL_JAAS_CONFIG";
inline constexpr QStringView kafkaUsername = u"KAFKA_USERNAME";
inline constexpr QStringView kafkaPassword = u"KAFKA_PASSWORD";

inline constexpr QStringView otelTracesExporter = u"OTEL_TRACES_EXPORTER";
inline constexpr QStringView otelMetricsExporter = u"OTEL_METRICS_EXPORTER";
inline constexpr QStringView otelEndpoint = u"OTEL_EXPORTER_OTLP_ENDPOINT";
inline constexpr QStringView otelProtocol = u"OTEL_EXPORTER_OTLP_PROTOCOL";
inline constexpr QStringView otelInsecure = u"OTEL_EXPORTER_OTLP_INSECURE";

// In the order the builder writes them.
inline QStringList kafka()
{
    QStringList names;
    for (const QStringView name : {kafkaBootstrapServers, kafkaSecurityEnabled, kafkaSecurityProtocol,
                                   kafkaSaslMechanism, kafkaSaslJaasConfig, kafkaUsername, kafkaPassword})
        names << name.toString();
    return names;
}

inline QStringList openTelemetry()
{
    QStringList names;
    for (const QStringView name : {otelTracesExporter, otelMetricsExporter, otelEndpoint, otelProtocol, otelInsecure})
        names << name.toString();
    return names;
}

} // namespace locust::api::operatorvariables
