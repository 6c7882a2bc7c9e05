// The offline sub-commands run in-process: exit codes, what goes to stdout and stderr.

#include "daemon/offline/convertcommand.h"
#include "daemon/offline/rendercommand.h"
#include "daemon/offline/validatecommand.h"
#include "jsontestsupport.h"
#include "serialization/yamlreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::offline;

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(LOCUST_TEST_DATA_DIR) + u'/' + name;
}

CommandInput input(const QStringList &arguments, const QByteArray &standardInput = {},
                   const QProcessEnvironment &environment = QProcessEnvironment())
{
    return CommandInput{arguments, environment, [standardInput] { return standardInput; }};
}

QList<QJsonValue> yamlDocuments(const QByteArray &text)
{
    const auto documents = serialization::YamlReader::readAll(text);
    QList<QJsonValue> values;
    if (documents) {
        for (const auto &document : *documents)
            values << document.value;
    }
    return values;
}

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(u'\n', Qt::SkipEmptyParts);
}

} // namespace

class OfflineCommandsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- validate ---------------------------------------------------------------------------

    void validateAcceptsAValidFile()
    {
        const CommandOutput output = ValidateCommand::run(input({u"-f"_s, fixture(u"valid-v2.yaml"_s)}));
        QCOMPARE(output.exitCode, 0);
        QCOMPARE(output.standardError, QByteArray());
        QCOMPARE(QString::fromUtf8(output.standardOutput),
                 fixture(u"valid-v2.yaml"_s) + u":6: LocustTest \"load/demo\" is valid\n"_s);
    }

    void validateReportsEveryFieldErrorOnItsOwnLine()
    {
        const CommandOutput output = ValidateCommand::run(input({u"-f"_s, fixture(u"invalid-v2.yaml"_s)}));
        QCOMPARE(output.exitCode, 1);
        QVERIFY(output.standardOutput.isEmpty());
        const QString prefix = fixture(u"invalid-v2.yaml"_s) + u":1: LocustTest \"load/broken\": "_s;
        const QStringList errors = lines(output.standardError);
        QVERIFY2(errors.contains(prefix + u"spec.imagePullPolicy: Unsupported value: \"Sometimes\": supported values: "
                                          "\"Always\", \"IfNotPresent\", \"Never\""_s),
                 qPrintable(errors.join(u'\n')));
        QVERIFY(errors.contains(prefix + u"spec.worker.replicas: Invalid value: 0: spec.worker.replicas in body "
                                         "should be greater than or equal to 1"_s));
        // The extraArgs conflict is a warning, on stderr too.
        QVERIFY(errors.contains(prefix + u"warning: spec.master.extraArgs[0]: \"--master-port=6000\" repeats the "
                                         "operator-managed flag --master-port; Locust uses the last occurrence, so "
                                         "this value overrides the operator's"_s));
        QCOMPARE(errors.size(), 3);
    }

    void validateReadsStandardInputAndV1()
    {
        QFile file(fixture(u"v1.yaml"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const CommandOutput output = ValidateCommand::run(input({u"-f"_s, u"-"_s}, file.readAll()));
        QCOMPARE(output.exitCode, 0);
        QCOMPARE(QString::fromUtf8(output.standardOutput), u"<stdin>:1: LocustTest \"load/legacy\" is valid\n"_s);
    }

    void validateReportsUnknownFields()
    {
        const CommandOutput output = ValidateCommand::run(input({u"-f"_s, fixture(u"unknown-field.yaml"_s)}));
        QCOMPARE(output.exitCode, 1);
        const QStringList errors = lines(output.standardError);
        QVERIFY2(errors.contains(fixture(u"unknown-field.yaml"_s)
                                 + u":1: LocustTest \"typo\": unknown field \"spec.worker.replica\""_s),
                 qPrintable(errors.join(u'\n')));
        QVERIFY(errors.contains(fixture(u"unknown-field.yaml"_s)
                                + u":1: LocustTest \"typo\": spec.worker.replicas: Required value"_s));
    }

    // Typos inside embedded Kubernetes types fail validation, as kubectl's strict validation would.
    void validateReportsTyposInsideCoreTypes()
    {
        const QByteArray yaml = "apiVersion: locust.io/v2\nkind: LocustTest\nmetadata: {name: a}\nspec:\n  image: i\n"
                                "  master: {command: m}\n  worker: {command: w, replicas: 1}\n"
                                "  security: {podSecurityContext: {runAsNonroot: true}}\n"
                                "  env: {variables: [{name: A, valu: b}]}\n"
                                "  scheduling: {affinity: {nodeAfinity: {}}}\n";
        const CommandOutput output = ValidateCommand::run(input({u"-f"_s, u"-"_s}, yaml));
        QCOMPARE(output.exitCode, 1);
        const QStringList errors = lines(output.standardError);
        for (const QString &field : {u"spec.security.podSecurityContext.runAsNonroot"_s, u"spec.env.variables[0].valu"_s,
                                     u"spec.scheduling.affinity.nodeAfinity"_s}) {
            QVERIFY2(errors.contains(u"<stdin>:1: LocustTest \"a\": unknown field \""_s + field + u'"'),
                     qPrintable(errors.join(u'\n')));
        }
    }

    void validateMultipleDocumentsAndDirectories()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        QFile::copy(fixture(u"valid-v2.yaml"_s), directory.filePath(u"a.yaml"_s));
        QFile::copy(fixture(u"v1.yaml"_s), directory.filePath(u"b.yml"_s));
        QFile::copy(fixture(u"invalid-v2.yaml"_s), directory.filePath(u"c.txt"_s)); // not a manifest extension
        const CommandOutput output = ValidateCommand::run(input({u"-f"_s, directory.path()}));
        QCOMPARE(output.exitCode, 0);
        QCOMPARE(lines(output.standardOutput).size(), 2);
    }

    void validateUsageAndParseErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("standardInput");
        QTest::addColumn<QString>("message");
        QTest::newRow("no -f") << QStringList() << QByteArray() << u"error: no input"_s;
        QTest::newRow("unknown option") << QStringList{u"--bogus"_s} << QByteArray() << u"error: Unknown option 'bogus'"_s;
        QTest::newRow("stray argument") << QStringList{u"-f"_s, u"-"_s, u"extra"_s} << QByteArray()
                                        << u"error: unexpected argument: extra"_s;
        QTest::newRow("missing file") << QStringList{u"-f"_s, u"/nonexistent/x.yaml"_s} << QByteArray()
                                      << u"/nonexistent/x.yaml: no such file or directory"_s;
        QTest::newRow("broken yaml") << QStringList{u"-f"_s, u"-"_s} << QByteArray("a: [1, 2\nb: {")
                                     << u"<stdin>: "_s;
        QTest::newRow("no LocustTest") << QStringList{u"-f"_s, u"-"_s} << QByteArray("apiVersion: v1\nkind: ConfigMap\n")
                                       << u"no LocustTest found in -"_s;
        QTest::newRow("not an object") << QStringList{u"-f"_s, u"-"_s} << QByteArray("- just\n- a list\n")
                                       << u"<stdin>:1: the document is not a Kubernetes object"_s;
        QTest::newRow("unsupported version") << QStringList{u"-f"_s, u"-"_s}
                                             << QByteArray("apiVersion: locust.io/v3\nkind: LocustTest\n")
                                             << u"<stdin>:1: LocustTest apiVersion \"locust.io/v3\" is not supported"_s;
    }
    void validateUsageAndParseErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, standardInput);
        QFETCH(QString, message);
        const CommandOutput output = ValidateCommand::run(input(arguments, standardInput));
        QCOMPARE(output.exitCode, 2);
        QVERIFY2(QString::fromUtf8(output.standardError).contains(message), output.standardError.constData());
    }

    void validateWarnsAboutSettingsTheOperatorIgnores()
    {
        QProcessEnvironment environment;
        environment.insert(u"ENABLE_AFFINITY_CR_INJECTION"_s, u"false"_s);
        const QByteArray yaml = "apiVersion: locust.io/v2\nkind: LocustTest\nmetadata: {name: a}\nspec:\n  image: i\n"
                                "  master: {command: m}\n  worker: {command: w, replicas: 1}\n"
                                "  scheduling: {affinity: {nodeAffinity: {}}}\n";
        const CommandOutput output = ValidateCommand::run(input({u"-f"_s, u"-"_s}, yaml, environment));
        QCOMPARE(output.exitCode, 0);
        QVERIFY2(output.standardError.contains("warning: spec.scheduling.affinity: ignored"), output.standardError.constData());
        // With the default configuration (injection on) there is nothing to warn about.
        QVERIFY(ValidateCommand::run(input({u"-f"_s, u"-"_s}, yaml)).standardError.isEmpty());
    }

    void badOperatorConfigurationIsAUsageError()
    {
        QProcessEnvironment environment;
        environment.insert(u"POD_CPU_LIMIT"_s, u"lots"_s);
        const CommandOutput output = ValidateCommand::run(input({u"-f"_s, fixture(u"valid-v2.yaml"_s)}, {}, environment));
        QCOMPARE(output.exitCode, 2);
        QVERIFY(output.standardError.startsWith("operator configuration: invalid value for POD_CPU_LIMIT"));
    }

    // ---- convert ----------------------------------------------------------------------------

    void convertV1ToV2AndBack()
    {
        const CommandOutput toV2 = ConvertCommand::run(input({u"--to"_s, u"v2"_s, u"-f"_s, fixture(u"v1.yaml"_s)}));
        QCOMPARE(toV2.exitCode, 0);
        const QList<QJsonValue> v2 = yamlDocuments(toV2.standardOutput);
        QCOMPARE(v2.size(), 1);
        const QJsonObject spec = v2[0][u"spec"_s].toObject();
        QCOMPARE(v2[0][u"apiVersion"_s].toString(), u"locust.io/v2"_s);
        QCOMPARE(spec[u"worker"_s][u"replicas"_s].toInt(), 2);
        QCOMPARE(spec[u"master"_s][u"labels"_s][u"team"_s].toString(), u"qa"_s);
        QCOMPARE(spec[u"testFiles"_s][u"configMapRef"_s].toString(), u"demo-scripts"_s);

        const CommandOutput back = ConvertCommand::run(input({u"--to"_s, u"v1"_s, u"-f"_s, u"-"_s}, toV2.standardOutput));
        QCOMPARE(back.exitCode, 0);
        QCOMPARE(back.standardError, QByteArray("warning: locust.io/v1 LocustTest is deprecated, migrate to locust.io/v2\n"));
        const QList<QJsonValue> original = testsupport::readYamlFile(fixture(u"v1.yaml"_s));
        LOCUST_COMPARE_JSON(yamlDocuments(back.standardOutput).value(0), original.value(0));
    }

    void convertKeepsOtherObjectsAndOrder()
    {
        const CommandOutput output =
            ConvertCommand::run(input({u"--to"_s, u"v1"_s, u"-f"_s, fixture(u"valid-v2.yaml"_s), u"-o"_s, u"json"_s}));
        QCOMPARE(output.exitCode, 0);
        const QJsonObject list = QJsonDocument::fromJson(output.standardOutput).object();
        QCOMPARE(list[u"kind"_s].toString(), u"List"_s);
        const QJsonArray items = list[u"items"_s].toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0][u"kind"_s].toString(), u"ConfigMap"_s);
        QCOMPARE(items[1][u"apiVersion"_s].toString(), u"locust.io/v1"_s);
        QCOMPARE(items[1][u"spec"_s][u"workerReplicas"_s].toInt(), 3);
    }

    // Converting a v2 object to v1 and back loses nothing, through the command line too.
    void convertV2ThroughV1IsLossless()
    {
        const QByteArray v2 = "apiVersion: locust.io/v2\nkind: LocustTest\nmetadata: {name: a}\nspec:\n  image: i\n"
                              "  master: {command: m, extraArgs: [--x], autoquit: {enabled: false, timeout: 5}}\n"
                              "  worker: {command: w, replicas: 4, resources: {limits: {cpu: '2'}}}\n"
                              "  observability: {openTelemetry: {enabled: true, endpoint: 'http://o:4317'}}\n";
        const CommandOutput toV1 = ConvertCommand::run(input({u"--to"_s, u"v1"_s, u"-f"_s, u"-"_s}, v2));
        QCOMPARE(toV1.exitCode, 0);
        const CommandOutput back = ConvertCommand::run(input({u"--to"_s, u"v2"_s, u"-f"_s, u"-"_s}, toV1.standardOutput));
        QCOMPARE(back.exitCode, 0);
        LOCUST_COMPARE_JSON(yamlDocuments(back.standardOutput).value(0), yamlDocuments(v2).value(0));
    }

    void convertRefusesInputItWouldDamage()
    {
        const CommandOutput output =
            ConvertCommand::run(input({u"--to"_s, u"v1"_s, u"-f"_s, fixture(u"unknown-field.yaml"_s)}));
        QCOMPARE(output.exitCode, 1);
        QVERIFY(output.standardOutput.isEmpty());
        QVERIFY(output.standardError.contains("unknown field \"spec.worker.replica\""));
    }

    void convertNeedsAValidTarget_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing --to") << QStringList{u"-f"_s, u"x"_s} << u"--to is required"_s;
        QTest::newRow("bad --to") << QStringList{u"--to"_s, u"v3"_s, u"-f"_s, u"x"_s} << u"unsupported version \"v3\""_s;
        QTest::newRow("bad -o") << QStringList{u"--to"_s, u"v2"_s, u"-o"_s, u"xml"_s, u"-f"_s, u"x"_s}
                                << u"unsupported output format \"xml\""_s;
    }
    void convertNeedsAValidTarget()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const CommandOutput output = ConvertCommand::run(input(arguments));
        QCOMPARE(output.exitCode, 2);
        QVERIFY2(QString::fromUtf8(output.standardError).contains(message), output.standardError.constData());
    }

    // ---- render -----------------------------------------------------------------------------

    void renderPrintsTheThreeObjects()
    {
        const CommandOutput output = RenderCommand::run(input({u"-f"_s, fixture(u"valid-v2.yaml"_s)}));
        QCOMPARE(output.exitCode, 0);
        QVERIFY(output.standardError.isEmpty());
        const QList<QJsonValue> objects = yamlDocuments(output.standardOutput);
        QCOMPARE(objects.size(), 3);
        QCOMPARE(objects[0][u"kind"_s].toString(), u"Service"_s);
        QCOMPARE(objects[1][u"metadata"_s][u"name"_s].toString(), u"demo-master"_s);
        QCOMPARE(objects[2][u"spec"_s][u"parallelism"_s].toInt(), 3);
        QVERIFY(!objects[0][u"metadata"_s].toObject().contains(u"ownerReferences"_s)); // no uid in the file
    }

    void renderUsesTheEnvironmentsConfiguration()
    {
        QProcessEnvironment environment;
        environment.insert(u"METRICS_EXPORTER_IMAGE"_s, u"example/exporter:2"_s);
        environment.insert(u"POD_CPU_LIMIT"_s, QString()); // no CPU limit
        const CommandOutput output =
            RenderCommand::run(input({u"-f"_s, fixture(u"valid-v2.yaml"_s), u"-o"_s, u"json"_s}, {}, environment));
        QCOMPARE(output.exitCode, 0);
        const QJsonArray items = QJsonDocument::fromJson(output.standardOutput).object()[u"items"_s].toArray();
        QCOMPARE(items.size(), 3);
        const QJsonObject pod = items[1][u"spec"_s][u"template"_s][u"spec"_s].toObject();
        QCOMPARE(pod[u"initContainers"_s][0][u"image"_s].toString(), u"example/exporter:2"_s);
        QVERIFY(!pod[u"containers"_s][0][u"resources"_s][u"limits"_s].toObject().contains(u"cpu"_s));
    }

    void renderRendersV1AsTheOperatorWould()
    {
        const CommandOutput output = RenderCommand::run(input({u"-f"_s, fixture(u"v1.yaml"_s)}));
        QCOMPARE(output.exitCode, 0);
        const QList<QJsonValue> objects = yamlDocuments(output.standardOutput);
        QCOMPARE(objects.size(), 3);
        QCOMPARE(objects[2][u"metadata"_s][u"name"_s].toString(), u"legacy-worker"_s);
        // Toleration injection is on by default, as in the Helm chart.
        QCOMPARE(objects[2][u"spec"_s][u"template"_s][u"spec"_s][u"tolerations"_s][0][u"key"_s].toString(),
                 u"dedicated"_s);
    }

    void renderRefusesInvalidTests()
    {
        const CommandOutput output = RenderCommand::run(input({u"-f"_s, fixture(u"invalid-v2.yaml"_s)}));
        QCOMPARE(output.exitCode, 1);
        QVERIFY(output.standardOutput.isEmpty());
        QVERIFY(output.standardError.contains("spec.worker.replicas: Invalid value: 0"));
    }

    void renderNeedsAName()
    {
        const QByteArray yaml = "apiVersion: locust.io/v2\nkind: LocustTest\nmetadata: {generateName: run-}\nspec:\n"
                                "  image: i\n  master: {command: m}\n  worker: {command: w, replicas: 1}\n";
        const CommandOutput output = RenderCommand::run(input({u"-f"_s, u"-"_s}, yaml));
        QCOMPARE(output.exitCode, 1);
        QVERIFY(output.standardError.contains("metadata.name: Required value: rendering needs the final name"));
    }

    void helpGoesToStandardOutput()
    {
        const CommandOutput output = RenderCommand::run(input({u"--help"_s}));
        QCOMPARE(output.exitCode, 0);
        QVERIFY(output.standardOutput.startsWith("Usage: locust-operator render"));
    }
};

QTEST_GUILESS_MAIN(OfflineCommandsTest)
#include "tst_offlinecommands.moc"
