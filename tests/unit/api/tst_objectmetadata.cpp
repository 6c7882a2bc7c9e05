#include "apitestsupport.h"
#include "api/objectmetadata.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::api;
using namespace locust::testsupport;

namespace {

} // namespace

class ObjectMetadataTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accessors()
    {
        const QJsonObject metadata = parse(R"({"name":"team-a.load-test","generateName":"team-","namespace":"load",
            "uid":"u-1","generation":7,"annotations":{"a":"1","b":"2"}})");
        QCOMPARE(objectmetadata::name(metadata), u"team-a.load-test"_s);
        QCOMPARE(objectmetadata::generateName(metadata), u"team-"_s);
        QCOMPARE(objectmetadata::namespaceName(metadata), u"load"_s);
        QCOMPARE(objectmetadata::uid(metadata), u"u-1"_s);
        QCOMPARE(objectmetadata::generation(metadata), qint64(7));
        QCOMPARE(objectmetadata::annotations(metadata), (StringMap{{u"a"_s, u"1"_s}, {u"b"_s, u"2"_s}}));

        const QJsonObject empty;
        QCOMPARE(objectmetadata::name(empty), QString());
        QCOMPARE(objectmetadata::generation(empty), qint64(0));
        // Out-of-range or fractional values never overflow a cast.
        QCOMPARE(objectmetadata::generation(QJsonObject{{u"generation"_s, 1e300}}), qint64(0));
        QCOMPARE(objectmetadata::generation(QJsonObject{{u"generation"_s, 2.5}}), qint64(0));
        QCOMPARE(objectmetadata::annotations(empty), StringMap());
    }

    void withAnnotation()
    {
        const QJsonObject metadata = parse(R"({"name":"a","annotations":{"keep":"1"}})");
        QCOMPARE(compact(objectmetadata::withAnnotation(metadata, u"new"_s, u"v"_s)),
                 compact(parse(R"({"name":"a","annotations":{"keep":"1","new":"v"}})")));
        QCOMPARE(compact(objectmetadata::withAnnotation(metadata, u"keep"_s, u"changed"_s)),
                 compact(parse(R"({"name":"a","annotations":{"keep":"changed"}})")));
        QCOMPARE(compact(objectmetadata::withAnnotation(metadata, u"absent"_s, std::nullopt)), compact(metadata));
        // Removing the last annotation removes the map.
        QCOMPARE(compact(objectmetadata::withAnnotation(metadata, u"keep"_s, std::nullopt)),
                 compact(parse(R"({"name":"a"})")));
        // Setting one where there were none creates the map.
        QCOMPARE(compact(objectmetadata::withAnnotation(parse(R"({"name":"a"})"), u"k"_s, QString())),
                 compact(parse(R"({"name":"a","annotations":{"k":""}})")));
    }

    void checkTypes()
    {
        FieldErrorList ok;
        objectmetadata::checkTypes(parse(R"({"name":"a","namespace":"n","uid":"u","generation":1,"labels":{"a":"b"},
            "annotations":{"c":"d"},"resourceVersion":"5","finalizers":["x"],"anything":{}})"), &ok);
        QCOMPARE(lines(ok), QStringList());

        FieldErrorList errors;
        objectmetadata::checkTypes(parse(R"({"name":1,"generation":"2","annotations":{"a":true}})"), &errors);
        QCOMPARE(lines(errors),
                 (QStringList{u"metadata.name: Invalid value: \"integer\": metadata.name in body must be of type string: \"integer\""_s,
                              u"metadata.generation: Invalid value: \"string\": metadata.generation in body must be of type integer: \"string\""_s,
                              u"metadata.annotations.a: Invalid value: \"boolean\": metadata.annotations.a in body must be of type string: \"boolean\""_s}));
    }
};

QTEST_GUILESS_MAIN(ObjectMetadataTest)
#include "tst_objectmetadata.moc"
