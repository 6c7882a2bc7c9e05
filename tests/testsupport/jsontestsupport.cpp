#include "jsontestsupport.h"

#include "serialization/yamlreader.h"
#include "support/fielderror.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;

namespace locust::testsupport {

QList<QJsonValue> readYamlFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QTest::qFail(qPrintable(u"cannot read "_s + path), __FILE__, __LINE__);
        return {};
    }
    const auto documents = serialization::YamlReader::readAll(file.readAll());
    if (!documents) {
        QTest::qFail(qPrintable(path + u": "_s + documents.errorMessage()), __FILE__, __LINE__);
        return {};
    }
    QList<QJsonValue> values;
    for (const auto &document : *documents)
        values << document.value;
    return values;
}

QString jsonDifference(const QJsonValue &actual, const QJsonValue &expected, const QString &path)
{
    const QString where = path.isEmpty() ? u"(root)"_s : path;
    if (actual.type() != expected.type() || (!actual.isObject() && !actual.isArray() && actual != expected)) {
        return where + u": expected "_s + (expected.isUndefined() ? u"nothing"_s : formatFieldValue(expected))
            + u", got "_s + (actual.isUndefined() ? u"nothing"_s : formatFieldValue(actual)) + u'\n';
    }
    QString difference;
    if (actual.isObject()) {
        const QJsonObject a = actual.toObject();
        const QJsonObject e = expected.toObject();
        QStringList sorted = a.keys() + e.keys();
        sorted.sort();
        sorted.removeDuplicates();
        for (const QString &key : sorted) {
            difference += jsonDifference(a.value(key), e.value(key),
                                         path.isEmpty() ? key : path + u'.' + key);
        }
    } else if (actual.isArray()) {
        const QJsonArray a = actual.toArray();
        const QJsonArray e = expected.toArray();
        for (qsizetype i = 0; i < std::max(a.size(), e.size()); ++i) {
            difference += jsonDifference(i < a.size() ? a.at(i) : QJsonValue(QJsonValue::Undefined),
                                         i < e.size() ? e.at(i) : QJsonValue(QJsonValue::Undefined),
                                         path + u'[' + QString::number(i) + u']');
        }
    }
    return difference;
}

} // namespace locust::testsupport
