#include "apitestsupport.h"
#include "api/corevalidation.h"
#include "support/kubernetesnames.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::api;
using namespace locust::testsupport;
namespace core = locust::api::corevalidation;
namespace names = locust::kubernetesnames;

namespace {

QJsonArray parseArray(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !document.isArray())
        qFatal("test data is not a JSON array: %s\n%s", qPrintable(error.errorString()), text.constData());
    return document.array();
}

} // namespace

class CoreValidationTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- labels and annotations ------------------------------------------------------------

    void validLabels()
    {
        const StringMap labels{{u"app"_s, u"demo"_s}, {u"example.com/tier"_s, u"Master_1.a-b"_s}, {u"empty"_s, QString()},
                               {QString(63, u'k'), QString(63, u'v')}};
        QCOMPARE(lines(core::labels(labels, u"spec.master.labels"_s)), QStringList());
    }

    void invalidLabels_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QStringList>("expected");
        const QString path = u"spec.master.labels"_s;
        QTest::newRow("key with space") << u"bad key"_s << u"v"_s
                                        << invalidLines(path, u"bad key"_s, names::qualifiedName(u"bad key"_s));
        QTest::newRow("key two slashes") << u"a/b/c"_s << u"v"_s
                                         << invalidLines(path, u"a/b/c"_s, names::qualifiedName(u"a/b/c"_s));
        QTest::newRow("key upper-case prefix") << u"Example.com/x"_s << u"v"_s
                                               << invalidLines(path, u"Example.com/x"_s, names::qualifiedName(u"Example.com/x"_s));
        QTest::newRow("value with !") << u"app"_s << u"bad value!"_s
                                      << invalidLines(path, u"bad value!"_s, names::labelValue(u"bad value!"_s));
        QTest::newRow("value 64") << u"app"_s << QString(64, u'v')
                                  << invalidLines(path, QString(64, u'v'), names::labelValue(QString(64, u'v')));
        QTest::newRow("value leading dash") << u"app"_s << u"-x"_s
                                            << invalidLines(path, u"-x"_s, names::labelValue(u"-x"_s));
    }

    void invalidLabels()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QStringList, expected);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(lines(core::labels(StringMap{{key, value}}, u"spec.master.labels"_s)), expected);
    }

    void annotations()
    {
        // Annotation keys are qualified names, compared case-insensitively; values are free text.
        const StringMap valid{{u"Example.COM/Thing"_s, u"any value! at all"_s}, {u"prometheus.io/scrape"_s, u"true"_s}};
        QCOMPARE(lines(core::annotations(valid, u"spec.master.annotations"_s)), QStringList());

        // Kubernetes reports the key as written (ValidateAnnotations checks strings.ToLower(k) but
        // reports k).
        const FieldErrorList errors = core::annotations(StringMap{{u"Bad Key"_s, u"x"_s}}, u"spec.master.annotations"_s);
        QCOMPARE(lines(errors),
                 invalidLines(u"spec.master.annotations"_s, u"Bad Key"_s, names::qualifiedName(u"bad key"_s)));
    }

    void annotationsTotalSize()
    {
        // 256 KiB in total (keys plus values) is the API server's limit.
        const StringMap atLimit{{u"a"_s, QString(256 * 1024 - 1, u'x')}};
        QCOMPARE(lines(core::annotations(atLimit, u"p"_s)), QStringList());
        const StringMap overLimit{{u"a"_s, QString(256 * 1024, u'x')}};
        const FieldErrorList errors = core::annotations(overLimit, u"p"_s);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().type(), FieldError::Type::TooLong);
        QCOMPARE(errors.first().field(), u"p"_s);
        QCOMPARE(errors.first().detail(), u"may not be more than 262144 bytes"_s);
    }

    // ---- resources ---------------------------------------------------------------------------

    void resources_data()
    {
        QTest::addColumn<QByteArray>("resources");
        QTest::addColumn<QStringList>("expected");
        const QString p = u"spec.master.resources"_s;
        QTest::newRow("valid") << QByteArray(R"({"requests":{"cpu":"250m","memory":"128Mi","ephemeral-storage":"30M",
            "hugepages-2Mi":"0"},"limits":{"cpu":1,"memory":"1Gi","example.com/gpu":"2"},"claims":[{"name":"c","request":"r"}]})")
                               << QStringList();
        QTest::newRow("empty") << QByteArray("{}") << QStringList();
        QTest::newRow("request equals limit in other units") << QByteArray(R"({"requests":{"cpu":"1"},"limits":{"cpu":"1000m"}})")
                                                             << QStringList();
        QTest::newRow("request without limit") << QByteArray(R"({"requests":{"cpu":"64"}})") << QStringList();
        QTest::newRow("cpu request above limit")
            << QByteArray(R"({"requests":{"cpu":"2"},"limits":{"cpu":"1000m"}})")
            << QStringList{p + u".requests[cpu]: Invalid value: \"2\": must be less than or equal to cpu limit of 1"_s};
        QTest::newRow("memory request above limit")
            << QByteArray(R"({"requests":{"memory":"2Gi"},"limits":{"memory":"1Gi"}})")
            << QStringList{p + u".requests[memory]: Invalid value: \"2Gi\": must be less than or equal to memory limit of 1Gi"_s};
        QTest::newRow("binary vs decimal") << QByteArray(R"({"requests":{"memory":"1Gi"},"limits":{"memory":"1G"}})")
                                           << QStringList{p + u".requests[memory]: Invalid value: \"1Gi\": must be less than or equal to memory limit of 1G"_s};
        QTest::newRow("negative limit")
            << QByteArray(R"({"limits":{"cpu":"-1"}})")
            << QStringList{p + u".limits[cpu]: Invalid value: \"-1\": must be greater than or equal to 0"_s};
        QTest::newRow("negative request")
            << QByteArray(R"({"requests":{"memory":"-128Mi"}})")
            << QStringList{p + u".requests[memory]: Invalid value: \"-128Mi\": must be greater than or equal to 0"_s};
        QTest::newRow("non-standard resource name")
            << QByteArray(R"({"requests":{"gpu":"1"}})")
            << QStringList{p + u".requests[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified"_s};
        QTest::newRow("claim without name") << QByteArray(R"({"claims":[{"request":"r"}]})")
                                            << QStringList{p + u".claims[0].name: Required value"_s};
        QTest::newRow("claim with empty name") << QByteArray(R"({"claims":[{"name":"a"},{"name":""}]})")
                                               << QStringList{p + u".claims[1].name: Required value"_s};
        QTest::newRow("limits not an object")
            << QByteArray(R"({"limits":"1"})")
            << QStringList{p + u".limits: Invalid value: \"string\": "_s + p + u".limits in body must be of type object: \"string\""_s};
        QTest::newRow("unknown field") << QByteArray(R"({"limit":{"cpu":"1"}})")
                                       << QStringList{u"unknown field \""_s + p + u".limit\""_s};
        QTest::newRow("unknown claim field") << QByteArray(R"({"requests":{"cpu":"1"},"claims":[{"name":"a","foo":1}]})")
                                             << QStringList{u"unknown field \""_s + p + u".claims[0].foo\""_s};
    }

    void resources()
    {
        QFETCH(QByteArray, resources);
        QFETCH(QStringList, expected);
        QCOMPARE(lines(core::resourceRequirements(parse(resources), u"spec.master.resources"_s)), expected);
    }

    void unparsableQuantity()
    {
        const FieldErrorList errors = core::resourceRequirements(parse(R"({"limits":{"cpu":"1000x"}})"), u"r"_s);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().type(), FieldError::Type::Invalid);
        QCOMPARE(errors.first().field(), u"r.limits[cpu]"_s);
        QCOMPARE(errors.first().value(), QJsonValue(u"1000x"_s));
        QVERIFY(!errors.first().detail().isEmpty());

        const FieldErrorList wrongType = core::resourceRequirements(parse(R"({"requests":{"cpu":true}})"), u"r"_s);
        QCOMPARE(wrongType.size(), 1);
        QCOMPARE(wrongType.first().field(), u"r.requests[cpu]"_s);
    }

    // ---- tolerations (Kubernetes' ValidateTolerations) -----------------------------------------

    void tolerations_data()
    {
        QTest::addColumn<QByteArray>("tolerations");
        QTest::addColumn<QStringList>("expected");
        const QString p = u"spec.scheduling.tolerations"_s;
        QTest::newRow("valid") << QByteArray(R"([{"operator":"Exists"},
            {"key":"dedicated","operator":"Equal","value":"locust","effect":"NoSchedule"},
            {"key":"k","value":"v"},{"key":"example.com/k","operator":"Exists","effect":"PreferNoSchedule"},
            {"key":"k","operator":"Exists","effect":"NoExecute","tolerationSeconds":30},
            {"key":"k","operator":"Equal","effect":""}])")
                               << QStringList();
        QTest::newRow("empty key needs Exists")
            << QByteArray(R"([{"operator":"Equal","value":"v"}])")
            << QStringList{p + u"[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""_s};
        QTest::newRow("empty key and operator")
            << QByteArray(R"([{"key":"a","operator":"Exists"},{}])")
            << QStringList{p + u"[1].operator: Invalid value: \"\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""_s};
        QTest::newRow("tolerationSeconds needs NoExecute")
            << QByteArray(R"([{"key":"k","operator":"Exists","effect":"NoSchedule","tolerationSeconds":30}])")
            << QStringList{p + u"[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"_s};
        QTest::newRow("tolerationSeconds without effect")
            << QByteArray(R"([{"key":"k","operator":"Exists","tolerationSeconds":0}])")
            << QStringList{p + u"[0].effect: Invalid value: \"\": effect must be 'NoExecute' when `tolerationSeconds` is set"_s};
        QTest::newRow("unknown operator")
            << QByteArray(R"([{"key":"k","operator":"In","value":"v"}])")
            << QStringList{p + u"[0].operator: Unsupported value: \"In\": supported values: \"Equal\", \"Exists\""_s};
        QTest::newRow("unknown effect")
            << QByteArray(R"([{"key":"k","operator":"Exists","effect":"NoRun"}])")
            << QStringList{p + u"[0].effect: Unsupported value: \"NoRun\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""_s};
        QTest::newRow("invalid key") << QByteArray(R"([{"key":"bad key","operator":"Exists"}])")
                                     << invalidLines(p + u"[0].key"_s, u"bad key"_s, names::qualifiedName(u"bad key"_s));
        QTest::newRow("invalid value")
            << QByteArray(R"([{"key":"k","operator":"Equal","value":"bad value!"}])")
            << QStringList{p + u"[0].operator: Invalid value: \"bad value!\": "_s + names::labelValue(u"bad value!"_s).join(u';')};
        QTest::newRow("unknown field") << QByteArray(R"([{"operator":"Exists","foo":1}])")
                                       << QStringList{u"unknown field \""_s + p + u"[0].foo\""_s};
        QTest::newRow("invalid value, empty operator")
            << QByteArray(R"([{"key":"k","value":"-x"}])")
            << QStringList{p + u"[0].operator: Invalid value: \"-x\": "_s + names::labelValue(u"-x"_s).join(u';')};
    }

    void tolerations()
    {
        QFETCH(QByteArray, tolerations);
        QFETCH(QStringList, expected);
        QCOMPARE(lines(core::tolerations(parseArray(tolerations), u"spec.scheduling.tolerations"_s)), expected);
    }

    void existsWithValue()
    {
        const FieldErrorList errors =
            core::tolerations(parseArray(R"([{"key":"k","operator":"Exists","value":"v"}])"), u"t"_s);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().type(), FieldError::Type::Invalid);
        QCOMPARE(errors.first().field(), u"t[0].operator"_s);
        QCOMPARE(errors.first().detail(), u"value must be empty when `operator` is 'Exists'"_s);
    }

    // ---- volumes ---------------------------------------------------------------------------------

    void volumes_data()
    {
        QTest::addColumn<QByteArray>("volume");
        QTest::addColumn<QStringList>("expected");
        const QString p = u"spec.volumes[0]"_s;
        QTest::newRow("emptyDir") << QByteArray(R"({"name":"data","emptyDir":{}})") << QStringList();
        QTest::newRow("name only") << QByteArray(R"({"name":"data"})") << QStringList();
        QTest::newRow("null source ignored") << QByteArray(R"({"name":"data","emptyDir":null,"hostPath":{"path":"/x"}})")
                                             << QStringList();
        QTest::newRow("63 characters") << (QByteArray("{\"name\":\"") + QByteArray(63, 'a') + "\"}") << QStringList();
        QTest::newRow("no name") << QByteArray(R"({"emptyDir":{}})") << QStringList{p + u".name: Required value"_s};
        QTest::newRow("empty name") << QByteArray(R"({"name":""})") << QStringList{p + u".name: Required value"_s};
        QTest::newRow("name not a string")
            << QByteArray(R"({"name":5})")
            << QStringList{p + u".name: Invalid value: \"integer\": "_s + p + u".name in body must be of type string: \"integer\""_s};
        QTest::newRow("upper case") << QByteArray(R"({"name":"Data"})")
                                    << invalidLines(p + u".name"_s, u"Data"_s, names::dns1123Label(u"Data"_s));
        QTest::newRow("dot") << QByteArray(R"({"name":"my-test.v2-master"})")
                             << invalidLines(p + u".name"_s, u"my-test.v2-master"_s, names::dns1123Label(u"my-test.v2-master"_s));
        QTest::newRow("64 characters") << (QByteArray("{\"name\":\"") + QByteArray(64, 'a') + "\"}")
                                       << invalidLines(p + u".name"_s, QString(64, u'a'), names::dns1123Label(QString(64, u'a')));
    }

    void volumes()
    {
        QFETCH(QByteArray, volume);
        QFETCH(QStringList, expected);
        QCOMPARE(lines(core::volume(parse(volume), u"spec.volumes[0]"_s)), expected);
    }

    void volumeWithTwoSources()
    {
        const FieldErrorList errors =
            core::volume(parse(R"({"name":"data","emptyDir":{},"hostPath":{"path":"/x"}})"), u"v"_s);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().type(), FieldError::Type::Forbidden);
        QVERIFY2(errors.first().field() == u"v.emptyDir" || errors.first().field() == u"v.hostPath",
                 qPrintable(errors.first().field()));
        QCOMPARE(errors.first().detail(), u"may not specify more than 1 volume type"_s);

        const FieldErrorList three = core::volume(
            parse(R"({"name":"data","configMap":{"name":"c"},"secret":{"secretName":"s"},"persistentVolumeClaim":{"claimName":"p"}})"),
            u"v"_s);
        QVERIFY(!three.isEmpty());
        QCOMPARE(three.first().detail(), u"may not specify more than 1 volume type"_s);
    }

    // ---- environment variables ---------------------------------------------------------------------

    void envVarName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("error");
        QTest::addColumn<bool>("warning");
        QTest::newRow("C identifier") << u"MY_VAR"_s << false << false;
        QTest::newRow("dots and dashes") << u"my.var-1"_s << false << false;
        QTest::newRow("leading underscore") << u"_X"_s << false << false;
        QTest::newRow("leading digit") << u"1VAR"_s << false << true;
        QTest::newRow("dollar") << u"$X"_s << false << true;
        QTest::newRow("space") << u"A B"_s << false << true;
        QTest::newRow("equals") << u"A=B"_s << true << false;
        QTest::newRow("tab") << u"A\tB"_s << true << false;
        QTest::newRow("newline") << u"A\nB"_s << true << false;
        QTest::newRow("non-ASCII") << u"\u00c4B"_s << true << false;
        QTest::newRow("DEL") << u"A\u007f"_s << true << false;
    }

    void envVarName()
    {
        QFETCH(QString, name);
        QFETCH(bool, error);
        QFETCH(bool, warning);
        const core::Findings findings = core::envVarName(name, u"spec.env.variables[0].name"_s);
        if (error) {
            QCOMPARE(lines(findings.errors),
                     QStringList{u"spec.env.variables[0].name: Invalid value: "_s + formatFieldValue(name)
                                 + u": a valid environment variable name must consist only of printable ASCII characters other than '='"_s});
        } else {
            QCOMPARE(lines(findings.errors), QStringList());
        }
        QCOMPARE(fields(findings.warnings), warning ? QStringList{u"spec.env.variables[0].name"_s} : QStringList());
        if (warning)
            QVERIFY2(findings.warnings.first().message.contains(formatFieldValue(name)), qPrintable(findings.warnings.first().message));
    }

    void envVars_data()
    {
        QTest::addColumn<QByteArray>("variable");
        QTest::addColumn<QString>("errorField"); // empty: valid
        QTest::addColumn<QString>("detail");
        QTest::newRow("value") << QByteArray(R"({"name":"A","value":"1"})") << QString() << QString();
        QTest::newRow("name only") << QByteArray(R"({"name":"A"})") << QString() << QString();
        QTest::newRow("valueFrom") << QByteArray(R"({"name":"A","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}})")
                                   << QString() << QString();
        QTest::newRow("empty value and valueFrom") << QByteArray(R"({"name":"A","value":"","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}})")
                                                   << QString() << QString();
        QTest::newRow("no name") << QByteArray(R"({"value":"x"})") << u"v.name"_s << QString();
        QTest::newRow("empty name") << QByteArray(R"({"name":"","value":"x"})") << u"v.name"_s << QString();
        QTest::newRow("value and valueFrom")
            << QByteArray(R"({"name":"A","value":"x","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}})")
            << u"v.valueFrom"_s << u"may not be specified when `value` is not empty"_s;
        QTest::newRow("no source") << QByteArray(R"({"name":"A","valueFrom":{}})") << u"v.valueFrom"_s
                                   << u"must specify one of"_s;
        QTest::newRow("two sources")
            << QByteArray(R"({"name":"A","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"},"configMapKeyRef":{"name":"c","key":"k"}}})")
            << u"v.valueFrom"_s << u"may not have more than one field specified at a time"_s;
        QTest::newRow("null source ignored")
            << QByteArray(R"({"name":"A","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"},"secretKeyRef":null}})")
            << QString() << QString();
        QTest::newRow("name not a string") << QByteArray(R"({"name":5})") << u"v.name"_s
                                           << u"v.name in body must be of type string: \"integer\""_s;
        QTest::newRow("value not a string") << QByteArray(R"({"name":"A","value":5})") << u"v.value"_s
                                            << u"v.value in body must be of type string: \"integer\""_s;
        QTest::newRow("valueFrom not an object") << QByteArray(R"({"name":"A","valueFrom":"x"})") << u"v.valueFrom"_s
                                                 << u"v.valueFrom in body must be of type object: \"string\""_s;
        QTest::newRow("name with =") << QByteArray(R"({"name":"A=B","value":"x"})") << u"v.name"_s
                                     << u"a valid environment variable name must consist only of printable ASCII characters other than '='"_s;
    }

    void envVars()
    {
        QFETCH(QByteArray, variable);
        QFETCH(QString, errorField);
        QFETCH(QString, detail);
        const core::Findings findings = core::envVar(parse(variable), u"v"_s);
        QVERIFY(findings.warnings.isEmpty());
        if (errorField.isEmpty()) {
            QCOMPARE(lines(findings.errors), QStringList());
            return;
        }
        QCOMPARE(findings.errors.size(), 1);
        QCOMPARE(findings.errors.first().field(), errorField);
        if (detail.isEmpty()) {
            QCOMPARE(findings.errors.first().toString(), errorField + u": Required value"_s);
        } else {
            QVERIFY2(findings.errors.first().detail().startsWith(detail), qPrintable(findings.errors.first().toString()));
        }
    }

    void nonPortableEnvVarIsOnlyAWarning()
    {
        const core::Findings findings = core::envVar(parse(R"({"name":"1VAR","value":"x"})"), u"spec.env.variables[2]"_s);
        QCOMPARE(lines(findings.errors), QStringList());
        QCOMPARE(fields(findings.warnings), QStringList{u"spec.env.variables[2].name"_s});
    }

    // ---- ConfigMap and Secret names -------------------------------------------------------------------

    void objectName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << u"my-config"_s << true;
        QTest::newRow("dots") << u"my.config.v1"_s << true;
        QTest::newRow("253") << QString(253, u'a') << true;
        QTest::newRow("254") << QString(254, u'a') << false;
        QTest::newRow("underscore") << u"My_Config"_s << false;
        QTest::newRow("trailing dash") << u"config-"_s << false;
    }

    void objectName()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        const FieldErrorList errors = core::objectName(name, u"spec.testFiles.configMapRef"_s);
        QCOMPARE(lines(errors),
                 valid ? QStringList() : invalidLines(u"spec.testFiles.configMapRef"_s, name, names::dns1123Subdomain(name)));
    }

    // Typos inside embedded core types are unknown fields, as kubectl's strict validation says.
    void unknownFieldsInEmbeddedTypes_data()
    {
        QTest::addColumn<QStringList>("errors");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("env var") << lines(corevalidation::envVar(parse(R"j({"name":"A","valu":"b"})j"), u"v"_s).errors)
                                 << QStringList{u"unknown field \"v.valu\""_s};
        QTest::newRow("valueFrom")
            << lines(corevalidation::envVar(parse(R"j({"name":"A","valueFrom":{"secretKeyRef":{"name":"s","key":"k","optionl":true}}})j"), u"v"_s).errors)
            << QStringList{u"unknown field \"v.valueFrom.secretKeyRef.optionl\""_s};
        QTest::newRow("valueFrom source")
            << lines(corevalidation::envVar(parse(R"j({"name":"A","valueFrom":{"fieldRef":{"fieldPath":"x"},"secretRef":{}}})j"), u"v"_s).errors)
            << QStringList{u"unknown field \"v.valueFrom.secretRef\""_s};
        QTest::newRow("volume") << lines(corevalidation::volume(parse(R"j({"name":"data","emtpyDir":{}})j"), u"vol"_s))
                                << QStringList{u"unknown field \"vol.emtpyDir\""_s};
        QTest::newRow("pod security context")
            << lines(corevalidation::podSecurityContext(parse(R"j({"runAsNonroot":true,"fsGroup":1})j"), u"p"_s))
            << QStringList{u"unknown field \"p.runAsNonroot\""_s};
        QTest::newRow("container security context")
            << lines(corevalidation::containerSecurityContext(parse(R"j({"readOnlyRootFileSystem":true})j"), u"c"_s))
            << QStringList{u"unknown field \"c.readOnlyRootFileSystem\""_s};
        QTest::newRow("affinity") << lines(corevalidation::affinity(parse(R"j({"nodeAfinity":{}})j"), u"a"_s))
                                  << QStringList{u"unknown field \"a.nodeAfinity\""_s};
        QTest::newRow("affinity term")
            << lines(corevalidation::affinity(parse(R"j({"podAntiAffinity":{"requiredDuringScheduling":[]}})j"), u"a"_s))
            << QStringList{u"unknown field \"a.podAntiAffinity.requiredDuringScheduling\""_s};
        QTest::newRow("all known") << lines(corevalidation::podSecurityContext(
                                          parse(R"j({"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}})j"), u"p"_s))
                                   << QStringList();
    }
    void unknownFieldsInEmbeddedTypes()
    {
        QFETCH(QStringList, errors);
        QFETCH(QStringList, expected);
        QCOMPARE(errors, expected);
    }
};

QTEST_GUILESS_MAIN(CoreValidationTest)
#include "tst_corevalidation.moc"
