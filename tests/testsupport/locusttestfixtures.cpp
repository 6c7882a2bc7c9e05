#include "locusttestfixtures.h"

#include "api/locusttestdefaults.h"
#include "serialization/yamlreader.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace locust::testsupport {

api::LocustTestV2 storedTest(const QByteArray &yaml, const QString &name)
{
    const auto documents = serialization::YamlReader::readAll(yaml);
    if (!documents || documents->size() != 1) {
        QTest::qFail(qPrintable(u"fixture YAML does not parse: "_s
                                + (documents ? u"not one document"_s : documents.errorMessage())),
                     __FILE__, __LINE__);
        return {};
    }
    QJsonObject json = documents->first().value.toObject();
    if (!json.contains(u"apiVersion"))
        json.insert(u"apiVersion"_s, u"locust.io/v2"_s);
    if (!json.contains(u"kind"))
        json.insert(u"kind"_s, u"LocustTest"_s);
    if (!json.contains(u"metadata"))
        json.insert(u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, u"load"_s}, {u"uid"_s, u"uid-1"_s}});
    const api::Decoded<api::LocustTestV2> decoded = api::LocustTestV2::fromJson(json);
    if (!decoded.errors.isEmpty()) {
        QTest::qFail(qPrintable(u"fixture does not decode: "_s + decoded.errors.first().toString()), __FILE__,
                     __LINE__);
        return {};
    }
    return api::LocustTestDefaults::applied(decoded.value);
}

api::LocustTestSpecV2 storedSpec(const QByteArray &yaml)
{
    return storedTest(yaml).spec.value_or(api::LocustTestSpecV2{});
}

} // namespace locust::testsupport
