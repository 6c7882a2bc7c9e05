#include "podhealth.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonValue>
#include <QRegularExpression>
#include <QSet>
#include <QTime>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace locust::controller {

namespace {

// Pods come straight from the API server as JSON. Every read below goes through QJsonValue's
// conversions, which give an empty value for a missing key, null or a value of another type, so a
// malformed pod reads as one with that field absent instead of failing.
QJsonObject objectAt(const QJsonObject &object, const QString &key)
{
    return object.value(key).toObject();
}

QJsonArray arrayAt(const QJsonObject &object, const QString &key)
{
    return object.value(key).toArray();
}

QString stringAt(const QJsonObject &object, const QString &key)
{
    return object.value(key).toString();
}

// ContainerStateTerminated.exitCode is an int32; anything else counts as absent, which Kubernetes'
// own decoding would leave at 0.
qint32 exitCodeOf(const QJsonObject &terminated)
{
    const QJsonValue value = terminated.value(u"exitCode"_s);
    if (!value.isDouble())
        return 0;
    const double number = value.toDouble();
    if (number != std::trunc(number) || number < std::numeric_limits<qint32>::min()
        || number > std::numeric_limits<qint32>::max())
        return 0;
    return static_cast<qint32>(number);
}

// metadata.creationTimestamp as the API server writes it: RFC 3339, "2024-05-01T12:00:00Z", with
// optional fractional seconds and a numeric offset. QDateTime's ISO parser is not used because it
// also accepts a time without an offset and reads it as the machine's local time.
std::optional<QDateTime> parseRfc3339(const QString &text)
{
    static const QRegularExpression pattern(
        uR"(^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))$)"_s);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const auto number = [&match](int group) { return match.capturedView(group).toInt(); };
    const QDate date(number(1), number(2), number(3));
    // Milliseconds are QDateTime's precision; further digits are dropped.
    const QString fraction = match.captured(7).left(3).leftJustified(3, u'0');
    const QTime time(number(4), number(5), number(6), fraction.toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    int offsetSeconds = 0;
    if (match.hasCaptured(8)) {
        const int hours = number(9);
        const int minutes = number(10);
        if (hours > 23 || minutes > 59)
            return std::nullopt;
        offsetSeconds = (hours * 60 + minutes) * 60 * (match.capturedView(8) == u"-"_s ? -1 : 1);
    }
    return QDateTime(date, time, QTimeZone::utc()).addSecs(-offsetSeconds);
}

// How much of its start-up grace period the pod has left; nullopt once it is to be judged. A pod
// whose age cannot be known (no parsable creationTimestamp, or no valid `now`) is judged, so a
// broken timestamp can never hide a failure. A creation time in the future (clock skew between the
// API server and the operator) counts as just created.
std::optional<std::chrono::milliseconds> remainingGrace(const QJsonObject &pod, const QDateTime &now,
                                                        std::chrono::milliseconds gracePeriod)
{
    if (!now.isValid())
        return std::nullopt;
    const std::optional<QDateTime> created =
        parseRfc3339(stringAt(objectAt(pod, u"metadata"_s), u"creationTimestamp"_s));
    if (!created)
        return std::nullopt;
    const std::chrono::milliseconds age{std::max<qint64>(0, created->msecsTo(now))};
    if (age >= gracePeriod)
        return std::nullopt;
    return gracePeriod - age;
}

// The failure types, highest priority first: the order in which the primary type is picked.
const std::array<QString, 5> &failureTypesByPriority()
{
    static const std::array<QString, 5> types{u"ConfigurationError"_s, u"ImagePullError"_s, u"SchedulingError"_s,
                                              u"CrashLoopBackOff"_s, u"InitializationError"_s};
    return types;
}

struct PodFailure
{
    QString type;
    QString text;
};

// The CreateContainerConfigError message, with a hint when it is about one of the ConfigMaps the
// test mounts. Only then: the kubelet reports a missing Secret or some other ConfigMap with the same
// reason, and telling the user to create the test's ConfigMap would point them the wrong way.
QString configurationErrorText(const QString &message, const ExpectedConfigMaps &configMaps)
{
    static const QRegularExpression namedConfigMap(uR"re([Cc]onfig[Mm]ap\s+"([^"]+)")re"_s);
    const QRegularExpressionMatch match = namedConfigMap.match(message);
    if (!match.hasMatch())
        return message;
    const QString name = match.captured(1);
    for (const std::optional<QString> &expected : {configMaps.testFiles, configMaps.library}) {
        if (expected && !expected->isEmpty() && *expected == name)
            return u"ConfigMap not found (expected: "_s + name + u"). "_s + message;
    }
    return message;
}

std::optional<PodFailure> containerFailure(const QJsonObject &containerStatus, bool initContainer,
                                           const QSet<QString> &nativeSidecars,
                                           const ExpectedConfigMaps &configMaps)
{
    const QJsonObject state = objectAt(containerStatus, u"state"_s);

    const QJsonValue waitingValue = state.value(u"waiting"_s);
    if (waitingValue.isObject()) {
        const QJsonObject waiting = waitingValue.toObject();
        const QString reason = stringAt(waiting, u"reason"_s);
        const QString message = stringAt(waiting, u"message"_s);
        if (reason == u"CreateContainerConfigError"_s)
            return PodFailure{u"ConfigurationError"_s, configurationErrorText(message, configMaps)};
        if (reason == u"ImagePullBackOff"_s || reason == u"ErrImagePull"_s || reason.contains(u"ImagePull"_s))
            return PodFailure{u"ImagePullError"_s, message};
        if (reason == u"CrashLoopBackOff"_s)
            return PodFailure{u"CrashLoopBackOff"_s, message};
    }

    const QJsonValue terminatedValue = state.value(u"terminated"_s);
    if (terminatedValue.isObject()) {
        const QJsonObject terminated = terminatedValue.toObject();
        const QString name = stringAt(containerStatus, u"name"_s);
        const qint32 exitCode = exitCodeOf(terminated);
        // A native sidecar is stopped when the pod ends, so its non-zero exit is not a failure.
        if (exitCode != 0 && !nativeSidecars.contains(name)) {
            return PodFailure{initContainer ? u"InitializationError"_s : u"CrashLoopBackOff"_s,
                              u"Container "_s + name + u" exited with code "_s + QString::number(exitCode)
                                  + u": "_s + stringAt(terminated, u"reason"_s)};
        }
    }
    return std::nullopt;
}

// The first failure of one pod: scheduling, then the init containers, then the main containers.
std::optional<PodFailure> podFailure(const QJsonObject &pod, const ExpectedConfigMaps &configMaps)
{
    const QJsonObject status = objectAt(pod, u"status"_s);

    const QJsonArray conditions = arrayAt(status, u"conditions"_s);
    for (const auto &conditionValue : conditions) {
        const QJsonObject condition = conditionValue.toObject();
        if (stringAt(condition, u"type"_s) == u"PodScheduled"_s && stringAt(condition, u"status"_s) == u"False"_s)
            return PodFailure{u"SchedulingError"_s, stringAt(condition, u"message"_s)};
    }

    QSet<QString> nativeSidecars;
    const QJsonArray initContainers = arrayAt(objectAt(pod, u"spec"_s), u"initContainers"_s);
    for (const auto &containerValue : initContainers) {
        const QJsonObject container = containerValue.toObject();
        if (stringAt(container, u"restartPolicy"_s) == u"Always"_s)
            nativeSidecars.insert(stringAt(container, u"name"_s));
    }

    const QJsonArray initContainerStatuses = arrayAt(status, u"initContainerStatuses"_s);
    for (const auto &statusValue : initContainerStatuses) {
        if (auto failure = containerFailure(statusValue.toObject(), true, nativeSidecars, configMaps))
            return failure;
    }
    const QJsonArray containerStatuses = arrayAt(status, u"containerStatuses"_s);
    for (const auto &statusValue : containerStatuses) {
        if (auto failure = containerFailure(statusValue.toObject(), false, nativeSidecars, configMaps))
            return failure;
    }
    return std::nullopt;
}

struct JudgedFailure
{
    QString podName;
    PodFailure failure;
};

// The position of a failure type in failureTypesByPriority(); lower is reported first.
qsizetype priorityOf(const QString &type)
{
    const auto &types = failureTypesByPriority();
    return std::find(types.begin(), types.end(), type) - types.begin();
}

// The answer for judged pods with failures: only the pods of the highest-priority type are named,
// with the error of the first of them. failures is not empty.
PodHealth unhealthy(const QList<JudgedFailure> &failures)
{
    const QString primaryType =
        std::min_element(failures.begin(), failures.end(), [](const JudgedFailure &a, const JudgedFailure &b) {
            return priorityOf(a.failure.type) < priorityOf(b.failure.type);
        })->failure.type;

    QStringList podNames;
    QString firstText;
    for (const JudgedFailure &judged : failures) {
        if (judged.failure.type != primaryType)
            continue;
        if (podNames.isEmpty())
            firstText = judged.failure.text;
        podNames.append(judged.podName);
    }
    QString message = primaryType + u": "_s + QString::number(podNames.size()) + u" pod(s) affected ["_s
                      + podNames.join(u", "_s) + u"]: "_s + firstText;
    if (primaryType == u"ConfigurationError"_s)
        message += u". Create the ConfigMap and the pods will restart automatically."_s;
    return PodHealth{false, primaryType, message, std::chrono::milliseconds{0}, podNames};
}

} // namespace

PodHealth assessPodHealth(const QList<QJsonObject> &pods, const ExpectedConfigMaps &configMaps,
                          const QDateTime &now, std::chrono::milliseconds gracePeriod)
{
    if (pods.isEmpty())
        return PodHealth{true, u"PodsStarting"_s, u"Waiting for pods to be created"_s, {}, {}};

    // Each pod gets its own grace period, so a pod created later (say, after a recovery) is not
    // judged early just because an older pod exists.
    std::optional<std::chrono::milliseconds> shortestRemainingGrace;
    QList<JudgedFailure> failures;
    for (const QJsonObject &pod : pods) {
        if (const auto remaining = remainingGrace(pod, now, gracePeriod)) {
            shortestRemainingGrace = std::min(shortestRemainingGrace.value_or(*remaining), *remaining);
            continue;
        }
        if (auto failure = podFailure(pod, configMaps))
            failures.append(JudgedFailure{stringAt(objectAt(pod, u"metadata"_s), u"name"_s), std::move(*failure)});
    }

    // Failures of judged pods are final, whatever the younger pods will do.
    if (!failures.isEmpty())
        return unhealthy(failures);
    if (shortestRemainingGrace)
        return PodHealth{true, u"PodsStarting"_s, u"Pods are starting up"_s, *shortestRemainingGrace, {}};
    return PodHealth{true, u"PodsHealthy"_s, u"All pods are healthy"_s, {}, {}};
}

PodHealth podHealthUnknown()
{
    return PodHealth{true, u"PodsHealthy"_s, u"Pod health check pending"_s, {}, {}};
}

} // namespace locust::controller
