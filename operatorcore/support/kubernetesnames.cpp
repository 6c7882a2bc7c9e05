#include "support/kubernetesnames.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace locust::kubernetesnames {

namespace {

// A pattern as Kubernetes prints it in messages, and its anchored regex, compiled once.
struct Format
{
    explicit Format(const QString &pattern)
        : pattern(pattern)
        , regex(QRegularExpression::anchoredPattern(pattern))
    {
    }
    bool matches(const QString &value) const { return regex.match(value).hasMatch(); }

    QString pattern;
    QRegularExpression regex;
};

const QString dns1123LabelPattern = u"[a-z0-9]([-a-z0-9]*[a-z0-9])?"_s;
const Format dns1123LabelFormat(dns1123LabelPattern);
const Format dns1123SubdomainFormat(dns1123LabelPattern + u"(\\."_s + dns1123LabelPattern + u")*"_s);
const Format dns1035LabelFormat(u"[a-z]([-a-z0-9]*[a-z0-9])?"_s);
const Format qualifiedNameFormat(u"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"_s);
const Format labelValueFormat(u"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"_s);

QString maxLengthError(int length)
{
    return u"must be no more than %1 characters"_s.arg(length);
}

QString regexError(const QString &message, const Format &format, const QStringList &examples)
{
    QString text = message;
    if (!examples.isEmpty()) {
        QStringList quoted;
        for (const QString &example : examples)
            quoted << u"'"_s + example + u"'"_s;
        text += u" (e.g. "_s + quoted.join(u",  or "_s) + u", "_s;
    } else {
        text += u" ("_s;
    }
    return text + u"regex used for validation is '"_s + format.pattern + u"')"_s;
}

} // namespace

QStringList dns1123Subdomain(const QString &value)
{
    QStringList errors;
    if (value.size() > dns1123SubdomainMaxLength)
        errors << maxLengthError(dns1123SubdomainMaxLength);
    if (!dns1123SubdomainFormat.matches(value)) {
        errors << regexError(u"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                             "characters, '-' or '.', and must start and end with an alphanumeric character"_s,
                             dns1123SubdomainFormat, {u"example.com"_s});
    }
    return errors;
}

QStringList dns1123Label(const QString &value)
{
    QStringList errors;
    if (value.size() > dns1123LabelMaxLength)
        errors << maxLengthError(dns1123LabelMaxLength);
    if (!dns1123LabelFormat.matches(value)) {
        errors << regexError(u"a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
                             "or '-', and must start and end with an alphanumeric character"_s,
                             dns1123LabelFormat, {u"my-name"_s, u"123-abc"_s});
    }
    return errors;
}

QStringList dns1035Label(const QString &value)
{
    QStringList errors;
    if (value.size() > dns1123LabelMaxLength)
        errors << maxLengthError(dns1123LabelMaxLength);
    if (!dns1035LabelFormat.matches(value)) {
        errors << regexError(u"a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                             "start with an alphabetic character, and end with an alphanumeric character"_s,
                             dns1035LabelFormat, {u"my-name"_s, u"abc-123"_s});
    }
    return errors;
}

QStringList qualifiedName(const QString &value)
{
    QStringList errors;
    const QStringList parts = value.split(u'/');
    QString name;
    if (parts.size() == 1) {
        name = parts[0];
    } else if (parts.size() == 2) {
        const QString &prefix = parts[0];
        name = parts[1];
        if (prefix.isEmpty()) {
            errors << u"prefix part must be non-empty"_s;
        } else {
            for (const QString &problem : dns1123Subdomain(prefix))
                errors << u"prefix part "_s + problem;
        }
    } else {
        return {regexError(u"a qualified name must consist of alphanumeric characters, '-', '_' or '.', and "
                           "must start and end with an alphanumeric character"_s,
                           qualifiedNameFormat, {u"MyName"_s, u"my.name"_s, u"123-abc"_s})
                + u" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"_s};
    }

    if (name.isEmpty()) {
        errors << u"name part must be non-empty"_s;
    } else if (name.size() > dns1123LabelMaxLength) {
        errors << u"name part "_s + maxLengthError(dns1123LabelMaxLength);
    }
    if (!name.isEmpty() && !qualifiedNameFormat.matches(name)) {
        errors << u"name part "_s
                + regexError(u"must consist of alphanumeric characters, '-', '_' or '.', and must start and "
                             "end with an alphanumeric character"_s,
                             qualifiedNameFormat, {u"MyName"_s, u"my.name"_s, u"123-abc"_s});
    }
    return errors;
}

QStringList labelValue(const QString &value)
{
    QStringList errors;
    if (value.size() > labelValueMaxLength)
        errors << maxLengthError(labelValueMaxLength);
    if (!labelValueFormat.matches(value)) {
        errors << regexError(u"a valid label must be an empty string or consist of alphanumeric characters, "
                             "'-', '_' or '.', and must start and end with an alphanumeric character"_s,
                             labelValueFormat, {u"MyValue"_s, u"my_value"_s, u"12345"_s});
    }
    return errors;
}

} // namespace locust::kubernetesnames
