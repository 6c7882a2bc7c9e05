#include "config/operatorconfigloader.h"

#include "support/goquote.h"
#include "support/kubernetesnames.h"

#include <QSet>

#include <limits>

using namespace Qt::StringLiterals;

namespace locust::config {

namespace {

// The six resource fields every resource set has, in the order of docs/configuration.md. A variable
// is <prefix><suffix>, e.g. POD_CPU_REQUEST or METRICS_EXPORTER_MEM_LIMIT.
struct ResourceField
{
    QStringView suffix;
    QStringView resource;
    bool isLimit;
};

constexpr ResourceField resourceFields[] = {
    {u"CPU_REQUEST", u"cpu", false},
    {u"MEM_REQUEST", u"memory", false},
    {u"EPHEMERAL_REQUEST", u"ephemeral-storage", false},
    {u"CPU_LIMIT", u"cpu", true},
    {u"MEM_LIMIT", u"memory", true},
    {u"EPHEMERAL_LIMIT", u"ephemeral-storage", true},
};

constexpr QStringView resourceNames[] = {u"cpu", u"memory", u"ephemeral-storage"};

const QString unifiedPrefix = u"POD_"_s;
const QString masterPrefix = u"MASTER_POD_"_s;
const QString workerPrefix = u"WORKER_POD_"_s;
const QString exporterPrefix = u"METRICS_EXPORTER_"_s;

QString variableName(const QString &prefix, QStringView suffix)
{
    return prefix + suffix.toString();
}

QString fieldSuffix(QStringView resource, bool isLimit)
{
    for (const ResourceField &field : resourceFields) {
        if (field.resource == resource && field.isLimit == isLimit)
            return field.suffix.toString();
    }
    return {};
}

// Decimal int32 as Go's strconv.ParseInt(s, 10, 32): optional sign, ASCII digits, nothing else.
std::optional<qint32> parseInt32(const QString &text)
{
    qsizetype pos = 0;
    bool negative = false;
    if (!text.isEmpty() && (text[0] == u'+' || text[0] == u'-')) {
        negative = text[0] == u'-';
        ++pos;
    }
    if (pos == text.size())
        return std::nullopt;
    qint64 magnitude = 0;
    for (; pos < text.size(); ++pos) {
        const QChar c = text[pos];
        if (c < u'0' || c > u'9')
            return std::nullopt;
        magnitude = magnitude * 10 + (c.unicode() - u'0');
        if (magnitude > qint64(std::numeric_limits<qint32>::max()) + 1)
            return std::nullopt;
    }
    const qint64 value = negative ? -magnitude : magnitude;
    if (value > std::numeric_limits<qint32>::max() || value < std::numeric_limits<qint32>::min())
        return std::nullopt;
    return qint32(value);
}

// Go's strconv.ParseBool, exactly.
std::optional<bool> parseBool(const QString &text)
{
    static const QStringList trueSpellings = {u"1"_s, u"t"_s, u"T"_s, u"TRUE"_s, u"true"_s, u"True"_s};
    static const QStringList falseSpellings = {u"0"_s, u"f"_s, u"F"_s, u"FALSE"_s, u"false"_s, u"False"_s};
    if (trueSpellings.contains(text))
        return true;
    if (falseSpellings.contains(text))
        return false;
    return std::nullopt;
}

// Reads variables one by one, collecting every problem instead of stopping at the first, and
// remembering which variables failed so that later cross-checks do not report them twice.
class EnvironmentReader
{
public:
    explicit EnvironmentReader(const QProcessEnvironment &environment)
        : m_environment(environment)
    {
    }

    bool isSet(const QString &name) const { return m_environment.contains(name); }
    bool failed(const QString &name) const { return m_failed.contains(name); }
    QStringList errors() const { return m_errors; }

    void reportInvalid(const QString &name, const QString &problem)
    {
        m_errors << u"invalid value for "_s + name + u": "_s + problem;
        m_failed.insert(name);
    }
    void report(const QString &error) { m_errors << error; }

    // Unset or invalid: the default. Set: the raw value, even "".
    QString string(const QString &name, const QString &defaultValue) const
    {
        return isSet(name) ? m_environment.value(name) : defaultValue;
    }

    QString nonEmptyString(const QString &name, const QString &defaultValue, const QString &what)
    {
        if (!isSet(name))
            return defaultValue;
        const QString text = m_environment.value(name);
        if (text.isEmpty()) {
            reportInvalid(name, what + u" must not be empty"_s);
            return defaultValue;
        }
        return text;
    }

    bool boolean(const QString &name, bool defaultValue)
    {
        if (!isSet(name))
            return defaultValue;
        const QString text = m_environment.value(name);
        const std::optional<bool> value = parseBool(text);
        if (!value) {
            reportInvalid(name, goQuote(text) + u" is not a valid boolean (accepted: 1, t, T, TRUE, true, "
                                                "True, 0, f, F, FALSE, false, False)"_s);
            return defaultValue;
        }
        return *value;
    }

    // "" means absent, like unset; a negative value would make the API server reject the Job.
    std::optional<qint32> optionalNonNegativeInt32(const QString &name)
    {
        const QString text = string(name, QString());
        if (text.isEmpty())
            return std::nullopt;
        const std::optional<qint32> value = parseInt32(text);
        if (!value) {
            reportInvalid(name, goQuote(text) + u" is not a valid 32-bit integer"_s);
            return std::nullopt;
        }
        if (*value < 0) {
            reportInvalid(name, goQuote(text) + u" must not be negative"_s);
            return std::nullopt;
        }
        return value;
    }

    qint32 int32InRange(const QString &name, qint32 defaultValue, qint32 minimum, qint32 maximum)
    {
        if (!isSet(name))
            return defaultValue;
        const QString text = m_environment.value(name);
        const std::optional<qint32> value = parseInt32(text);
        if (!value) {
            reportInvalid(name, goQuote(text) + u" is not a valid 32-bit integer"_s);
            return defaultValue;
        }
        if (*value < minimum || *value > maximum) {
            const QString range = QString::number(minimum) + u" and "_s + QString::number(maximum);
            reportInvalid(name, goQuote(text) + u" must be between "_s + range);
            return defaultValue;
        }
        return *value;
    }

    QString oneOf(const QString &name, const QString &defaultValue, const QStringList &accepted,
                  const QString &what)
    {
        if (!isSet(name))
            return defaultValue;
        const QString text = m_environment.value(name);
        if (!accepted.contains(text)) {
            reportInvalid(name, u"%1 is not a valid %2 (accepted: %3)"_s.arg(goQuote(text), what,
                                                                             accepted.join(u", "_s)));
            return defaultValue;
        }
        return text;
    }

    // A set variable as a resource value: a Quantity, or std::nullopt for "" ("no value"). The outer
    // optional is empty when the variable is unset or invalid, i.e. when the default applies.
    using ResourceSetting = std::optional<std::optional<Quantity>>;
    ResourceSetting resourceSetting(const QString &name)
    {
        if (!isSet(name))
            return std::nullopt;
        const QString text = m_environment.value(name);
        if (text.isEmpty())
            return std::optional<Quantity>();
        const Result<Quantity> quantity = Quantity::parse(text);
        if (!quantity) {
            reportInvalid(name, quantity.errorMessage());
            return std::nullopt;
        }
        // Kubernetes rejects negative requests and limits.
        if (quantity->isNegative()) {
            reportInvalid(name, goQuote(text) + u" must not be negative"_s);
            return std::nullopt;
        }
        return std::optional<Quantity>(*quantity);
    }

    // POD_* and METRICS_EXPORTER_*: the defaults, with each set variable replacing or removing a field.
    ContainerResources resources(const QString &prefix, const ContainerResources &defaults)
    {
        ContainerResources resources = defaults;
        for (const ResourceField &field : resourceFields) {
            const ResourceSetting value = resourceSetting(variableName(prefix, field.suffix));
            if (!value)
                continue;
            QMap<QString, Quantity> &values = field.isLimit ? resources.limits : resources.requests;
            if (*value)
                values.insert(field.resource.toString(), **value);
            else
                values.remove(field.resource.toString());
        }
        return resources;
    }

    // MASTER_POD_* and WORKER_POD_*: only set variables become overrides.
    ResourceOverrides overrides(const QString &prefix)
    {
        ResourceOverrides overrides;
        for (const ResourceField &field : resourceFields) {
            const ResourceSetting value = resourceSetting(variableName(prefix, field.suffix));
            if (!value)
                continue;
            auto &values = field.isLimit ? overrides.limits : overrides.requests;
            values.insert(field.resource.toString(), *value);
        }
        return overrides;
    }

private:
    const QProcessEnvironment &m_environment;
    QStringList m_errors;
    QSet<QString> m_failed;
};

// The variable a field's effective value came from: the override variable when there is one and it is
// set, else the base variable. Empty when that variable was invalid: its problem is already reported,
// and the value in the config is only a stand-in.
QString effectiveSource(const EnvironmentReader &reader, const QString &overridePrefix,
                        const QString &basePrefix, const QString &suffix)
{
    QString name = variableName(overridePrefix, suffix);
    if (overridePrefix.isEmpty() || !reader.isSet(name))
        name = variableName(basePrefix, suffix);
    return reader.failed(name) ? QString() : name;
}

// A request above its limit makes the API server reject the pod, and so every Job that has it.
void checkRequestsWithinLimits(EnvironmentReader &reader, const ContainerResources &resources,
                               const QString &subject, const QString &overridePrefix,
                               const QString &basePrefix, const QString &jobs)
{
    for (const QStringView resource : resourceNames) {
        const QString name = resource.toString();
        if (!resources.requests.contains(name) || !resources.limits.contains(name))
            continue;
        const QString requestSource =
            effectiveSource(reader, overridePrefix, basePrefix, fieldSuffix(resource, false));
        const QString limitSource =
            effectiveSource(reader, overridePrefix, basePrefix, fieldSuffix(resource, true));
        if (requestSource.isEmpty() || limitSource.isEmpty())
            continue;
        const Quantity request = resources.requests.value(name);
        const Quantity limit = resources.limits.value(name);
        if (limit < request) {
            reader.report(u"%1 %2 request %3 (%4) is greater than its limit %5 (%6); the API server would "
                          "reject every %7 Job"_s.arg(subject, name, request.toString(), requestSource,
                                                      limit.toString(), limitSource, jobs));
        }
    }
}

} // namespace

OperatorConfigLoad OperatorConfigLoader::load(const QProcessEnvironment &environment)
{
    EnvironmentReader reader(environment);
    OperatorConfigLoad result;
    OperatorConfig &config = result.config;
    const OperatorConfig defaults;

    config.jobTtlSecondsAfterFinished = reader.optionalNonNegativeInt32(u"JOB_TTL_SECONDS_AFTER_FINISHED"_s);

    config.podResources = reader.resources(unifiedPrefix, defaults.podResources);
    config.masterResourceOverrides = reader.overrides(masterPrefix);
    config.workerResourceOverrides = reader.overrides(workerPrefix);

    config.metricsExporterImage = reader.nonEmptyString(u"METRICS_EXPORTER_IMAGE"_s,
                                                        defaults.metricsExporterImage, u"the image"_s);
    config.metricsExporterPort =
        reader.int32InRange(u"METRICS_EXPORTER_PORT"_s, defaults.metricsExporterPort, 1, 65535);
    // The reference copied this verbatim, and a typo made the API server reject every master Job.
    config.metricsExporterImagePullPolicy =
        reader.oneOf(u"METRICS_EXPORTER_IMAGE_PULL_POLICY"_s, defaults.metricsExporterImagePullPolicy,
                     {u"Always"_s, u"IfNotPresent"_s, u"Never"_s}, u"image pull policy"_s);
    config.metricsExporterResources = reader.resources(exporterPrefix, defaults.metricsExporterResources);

    KafkaConfig &kafka = config.kafka;
    kafka.bootstrapServers = reader.string(u"KAFKA_BOOTSTRAP_SERVERS"_s, defaults.kafka.bootstrapServers);
    kafka.securityEnabled = reader.boolean(u"KAFKA_SECURITY_ENABLED"_s, defaults.kafka.securityEnabled);
    kafka.securityProtocol =
        reader.string(u"KAFKA_SECURITY_PROTOCOL_CONFIG"_s, defaults.kafka.securityProtocol);
    kafka.saslMechanism = reader.string(u"KAFKA_SASL_MECHANISM"_s, defaults.kafka.saslMechanism);
    kafka.saslJaasConfig = reader.string(u"KAFKA_SASL_JAAS_CONFIG"_s, defaults.kafka.saslJaasConfig);
    kafka.username = reader.string(u"KAFKA_USERNAME"_s, defaults.kafka.username);
    kafka.password = reader.string(u"KAFKA_PASSWORD"_s, defaults.kafka.password);

    config.affinityInjection = reader.boolean(u"ENABLE_AFFINITY_CR_INJECTION"_s, defaults.affinityInjection);
    config.tolerationsInjection =
        reader.boolean(u"ENABLE_TAINT_TOLERATIONS_CR_INJECTION"_s, defaults.tolerationsInjection);

    const QString runtimeClassVariable = u"DEFAULT_RUNTIME_CLASS_NAME"_s;
    const QString runtimeClass = reader.string(runtimeClassVariable, defaults.defaultRuntimeClassName);
    const QStringList runtimeClassProblems =
        runtimeClass.isEmpty() ? QStringList() : kubernetesnames::dns1123Subdomain(runtimeClass);
    if (runtimeClassProblems.isEmpty()) {
        config.defaultRuntimeClassName = runtimeClass;
    } else {
        reader.reportInvalid(runtimeClassVariable, goQuote(runtimeClass)
                                                       + u" is not a valid RuntimeClass name: "_s
                                                       + runtimeClassProblems.join(u"; "_s));
    }

    checkRequestsWithinLimits(reader, config.masterPodResources(), u"master pod"_s, masterPrefix,
                              unifiedPrefix, u"master"_s);
    checkRequestsWithinLimits(reader, config.workerPodResources(), u"worker pod"_s, workerPrefix,
                              unifiedPrefix, u"worker"_s);
    // The exporter is a sidecar of the master pod only.
    checkRequestsWithinLimits(reader, config.metricsExporterResources, u"metrics exporter"_s, QString(),
                              exporterPrefix, u"master"_s);

    result.errors = reader.errors();
    return result;
}

} // namespace locust::config
