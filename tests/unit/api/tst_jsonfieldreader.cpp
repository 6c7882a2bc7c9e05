#include "apitestsupport.h"
#include "api/jsonfieldreader.h"
#include "api/jsonfieldwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::api;
using namespace locust::testsupport;

namespace {

struct Pair
{
    std::optional<QString> a;
    std::optional<qint32> b;
};

Pair decodePair(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    Pair pair{reader.string(u"a"_s), reader.int32(u"b"_s)};
    reader.finish();
    return pair;
}

} // namespace

class JsonFieldReaderTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonTypeName_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << u"null"_s;
        QTest::newRow("bool") << QJsonValue(true) << u"boolean"_s;
        QTest::newRow("integer") << QJsonValue(3) << u"integer"_s;
        QTest::newRow("integral double") << QJsonValue(3.0) << u"integer"_s;
        QTest::newRow("negative integer") << QJsonValue(-7) << u"integer"_s;
        QTest::newRow("fraction") << QJsonValue(2.5) << u"number"_s;
        QTest::newRow("string") << QJsonValue(u"x"_s) << u"string"_s;
        QTest::newRow("array") << QJsonValue(QJsonArray()) << u"array"_s;
        QTest::newRow("object") << QJsonValue(QJsonObject()) << u"object"_s;
    }

    void jsonTypeName()
    {
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        QCOMPARE(api::jsonTypeName(value), expected);
    }

    void typeMismatch()
    {
        const FieldError error = api::typeMismatch(u"spec.worker.replicas"_s, QJsonValue(u"3"_s), u"integer"_s);
        QCOMPARE(error.type(), FieldError::Type::Invalid);
        QCOMPARE(error.field(), u"spec.worker.replicas"_s);
        QCOMPARE(error.toString(),
                 u"spec.worker.replicas: Invalid value: \"string\": spec.worker.replicas in body must be of type integer: \"string\""_s);
    }

    void paths()
    {
        FieldErrorList errors;
        const JsonFieldReader root(QJsonObject(), QString(), &errors);
        QCOMPARE(root.childPath(u"spec"_s), u"spec"_s);
        const JsonFieldReader nested(QJsonObject(), u"spec.master"_s, &errors);
        QCOMPARE(nested.childPath(u"labels"_s), u"spec.master.labels"_s);
        QCOMPARE(JsonFieldReader::indexPath(u"spec.volumes"_s, 3), u"spec.volumes[3]"_s);
        QCOMPARE(JsonFieldReader::keyPath(u"spec.master.resources.limits"_s, u"cpu"_s),
                 u"spec.master.resources.limits[cpu]"_s);
    }

    void readsEveryType()
    {
        FieldErrorList errors;
        JsonFieldReader reader(parse(R"({"s":"x","b":false,"i":-5,"l":9007199254740992,"m":{"k":"v"},"sl":["a","b"],
            "o":{"x":[1]},"a":[1,"x"],"ao":[{},{"y":1}],"n":null,
            "list":[{"a":"p","b":1},{"a":"q"}],"nested":{"a":"r","b":2}})"),
                               u"root"_s, &errors);
        QCOMPARE(reader.string(u"s"_s), std::optional<QString>(u"x"_s));
        QCOMPARE(reader.boolean(u"b"_s), std::optional<bool>(false));
        QCOMPARE(reader.int32(u"i"_s), std::optional<qint32>(-5));
        QCOMPARE(reader.int64(u"l"_s), std::optional<qint64>(Q_INT64_C(9007199254740992)));
        QCOMPARE(reader.stringMap(u"m"_s), std::optional<StringMap>(StringMap{{u"k"_s, u"v"_s}}));
        QCOMPARE(reader.stringList(u"sl"_s), std::optional<QStringList>(QStringList{u"a"_s, u"b"_s}));
        QCOMPARE(reader.object(u"o"_s), std::optional<QJsonObject>(parse(R"({"x":[1]})")));
        QCOMPARE(reader.array(u"a"_s)->size(), 2);
        QCOMPARE(reader.arrayOfObjects(u"ao"_s)->size(), 2);
        QVERIFY(!reader.string(u"n"_s).has_value());
        QVERIFY(!reader.string(u"absent"_s).has_value());
        const std::optional<QList<Pair>> list = reader.list<Pair>(u"list"_s, decodePair);
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(1).a, std::optional<QString>(u"q"_s));
        QVERIFY(!list->at(1).b.has_value());
        const std::optional<Pair> nested = reader.nested<Pair>(u"nested"_s, decodePair);
        QCOMPARE(nested->b, std::optional<qint32>(2));
        reader.finish();
        QCOMPARE(lines(errors), QStringList());
    }

    void unknownKeysAfterFinish()
    {
        FieldErrorList errors;
        JsonFieldReader reader(parse(R"({"known":"x","other":1,"more":null})"), u"spec.thing"_s, &errors);
        (void)reader.string(u"known"_s);
        QVERIFY(errors.isEmpty()); // reported by finish(), not before
        reader.finish();
        QCOMPARE(lines(errors), (QStringList{u"unknown field \"spec.thing.more\""_s, u"unknown field \"spec.thing.other\""_s}));
    }

    void nestedErrorsCarryPaths()
    {
        FieldErrorList errors;
        JsonFieldReader reader(parse(R"({"list":[{"a":1},{"c":true}],"nested":{"b":"x"}})"), u"spec"_s, &errors);
        (void)reader.list<Pair>(u"list"_s, decodePair);
        (void)reader.nested<Pair>(u"nested"_s, decodePair);
        reader.finish();
        QCOMPARE(lines(errors),
                 (QStringList{u"spec.list[0].a: Invalid value: \"integer\": spec.list[0].a in body must be of type string: \"integer\""_s,
                              u"unknown field \"spec.list[1].c\""_s,
                              u"spec.nested.b: Invalid value: \"string\": spec.nested.b in body must be of type integer: \"string\""_s}));
    }

    void arrayOfObjectsRejectsOtherItems()
    {
        FieldErrorList errors;
        JsonFieldReader reader(parse(R"({"items":[{},"x",{},3]})"), u"p"_s, &errors);
        QVERIFY(!reader.arrayOfObjects(u"items"_s).has_value());
        QCOMPARE(lines(errors),
                 (QStringList{u"p.items[1]: Invalid value: \"string\": p.items[1] in body must be of type object: \"string\""_s,
                              u"p.items[3]: Invalid value: \"integer\": p.items[3] in body must be of type object: \"integer\""_s}));
    }

    void int32Bounds()
    {
        FieldErrorList errors;
        JsonFieldReader reader(parse(R"({"max":2147483647,"min":-2147483648,"over":2147483648,"under":-2147483649})"),
                               u"p"_s, &errors);
        QCOMPARE(reader.int32(u"max"_s), std::optional<qint32>(2147483647));
        QCOMPARE(reader.int32(u"min"_s), std::optional<qint32>(-2147483647 - 1));
        QVERIFY(!reader.int32(u"over"_s).has_value());
        QVERIFY(!reader.int32(u"under"_s).has_value());
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors.at(0).field(), u"p.over"_s);
        QCOMPARE(errors.at(1).field(), u"p.under"_s);
        QCOMPARE(errors.at(0).type(), FieldError::Type::Invalid);
    }

    // ---- writer ----------------------------------------------------------------------------

    void writerWritesOnlySetFields()
    {
        QJsonObject object;
        jsonfields::insert(object, u"absentString"_s, std::optional<QString>());
        jsonfields::insert(object, u"emptyString"_s, std::optional<QString>(QString()));
        jsonfields::insert(object, u"false"_s, std::optional<bool>(false));
        jsonfields::insert(object, u"zero"_s, std::optional<qint32>(0));
        jsonfields::insert(object, u"big"_s, std::optional<qint64>(Q_INT64_C(5000000000)));
        jsonfields::insert(object, u"emptyMap"_s, std::optional<StringMap>(StringMap()));
        jsonfields::insert(object, u"map"_s, std::optional<StringMap>(StringMap{{u"b"_s, u"2"_s}, {u"a"_s, u"1"_s}}));
        jsonfields::insert(object, u"emptyList"_s, std::optional<QStringList>(QStringList()));
        jsonfields::insert(object, u"absentList"_s, std::optional<QStringList>());
        jsonfields::insert(object, u"array"_s, std::optional<QJsonArray>(QJsonArray{1}));
        jsonfields::insert(object, u"absentObject"_s, std::optional<QJsonObject>());
        QCOMPARE(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)),
                 QString::fromUtf8(QJsonDocument(parse(R"({"emptyString":"","false":false,"zero":0,"big":5000000000,
                     "emptyMap":{},"map":{"a":"1","b":"2"},"emptyList":[],"array":[1]})")).toJson(QJsonDocument::Compact)));
        QCOMPARE(jsonfields::toJsonObject(StringMap{{u"k"_s, u"v"_s}}), parse(R"({"k":"v"})"));
    }
};

QTEST_GUILESS_MAIN(JsonFieldReaderTest)
#include "tst_jsonfieldreader.moc"
