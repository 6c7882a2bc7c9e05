#include "locusttestfixtures.h"
#include "resources/commandargs.h"
#include "serialization/yamlreader.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
namespace commandargs = resources::commandargs;
using testsupport::storedSpec;

namespace {

// A spec decoded as written, without the CRD defaults storedSpec() applies, so that the builders'
// own fallbacks for unset fields run (the reconciler may see such a spec, e.g. from an older API server).
api::LocustTestSpecV2 undefaultedSpec(const QByteArray &yaml)
{
    const auto documents = serialization::YamlReader::readAll(yaml);
    if (!documents || documents->size() != 1)
        qFatal("test spec YAML does not parse: %s", yaml.constData());
    FieldErrorList errors;
    const api::LocustTestSpecV2 spec =
        api::LocustTestV2::specFromJson(documents->first().value.toObject(), u"spec"_s, &errors);
    if (!errors.isEmpty())
        qFatal("test spec does not decode: %s", qPrintable(errors.first().toString()));
    return spec;
}

} // namespace

class CommandArgsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsLikeGoStringsFields_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("tokens");
        QTest::newRow("simple") << u"--locustfile /a.py"_s << QStringList{u"--locustfile"_s, u"/a.py"_s};
        QTest::newRow("runs of whitespace") << u"  a \t\n b  "_s << QStringList{u"a"_s, u"b"_s};
        QTest::newRow("no shell quoting") << u"--tags \"a b\""_s << QStringList{u"--tags"_s, u"\"a"_s, u"b\""_s};
        QTest::newRow("unicode space") << u"a\u00a0b\u2003c"_s << QStringList{u"a"_s, u"b"_s, u"c"_s};
        QTest::newRow("empty") << QString() << QStringList();
        QTest::newRow("only spaces") << u"   "_s << QStringList();
    }
    void splitsLikeGoStringsFields()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, tokens);
        QCOMPARE(commandargs::splitCommand(command), tokens);
    }

    void masterDefaults()
    {
        const auto spec = storedSpec("spec: {image: i, master: {command: '--locustfile /a.py'}, "
                                     "worker: {command: w, replicas: 7}}");
        QCOMPARE(commandargs::master(spec),
                 (QStringList{u"--locustfile"_s, u"/a.py"_s, u"--master"_s, u"--master-port=5557"_s,
                              u"--expect-workers=7"_s, u"--autostart"_s, u"--autoquit"_s, u"60"_s,
                              u"--enable-rebalancing"_s, u"--only-summary"_s}));
    }

    void autostartFalseDropsTheFlag()
    {
        const auto spec = storedSpec("spec: {image: i, master: {command: m, autostart: false}, "
                                     "worker: {command: w, replicas: 1}}");
        QVERIFY(!commandargs::master(spec).contains(u"--autostart"_s));
    }

    void autoquit_data()
    {
        QTest::addColumn<QByteArray>("autoquit");
        QTest::addColumn<QStringList>("expected"); // the --autoquit part, empty when absent
        QTest::newRow("absent: on with 60") << QByteArray() << QStringList{u"--autoquit"_s, u"60"_s};
        QTest::newRow("custom timeout") << QByteArray("autoquit: {enabled: true, timeout: 300}")
                                        << QStringList{u"--autoquit"_s, u"300"_s};
        QTest::newRow("zero honoured") << QByteArray("autoquit: {enabled: true, timeout: 0}")
                                       << QStringList{u"--autoquit"_s, u"0"_s};
        QTest::newRow("defaults inside the block") << QByteArray("autoquit: {}")
                                                   << QStringList{u"--autoquit"_s, u"60"_s};
        QTest::newRow("disabled") << QByteArray("autoquit: {enabled: false, timeout: 30}") << QStringList();
        QTest::newRow("negative falls back to 60") << QByteArray("autoquit: {enabled: true, timeout: -5}")
                                                   << QStringList{u"--autoquit"_s, u"60"_s};
    }
    void autoquit()
    {
        QFETCH(QByteArray, autoquit);
        QFETCH(QStringList, expected);
        const QByteArray yaml = "spec:\n  image: i\n  master:\n    command: m\n    " + autoquit
            + "\n  worker: {command: w, replicas: 1}\n";
        const QStringList args = commandargs::master(storedSpec(yaml));
        const qsizetype index = args.indexOf(u"--autoquit"_s);
        if (expected.isEmpty()) {
            QCOMPARE(index, -1);
        } else {
            QVERIFY(index >= 0);
            QCOMPARE(args.mid(index, 2), expected);
            QCOMPARE(args.at(index + 2), u"--enable-rebalancing"_s);
        }
    }

    // Unset fields (no CRD defaults applied) fall back to the same defaults.
    void unsetFieldsFallBackToTheDefaults_data()
    {
        QTest::addColumn<QByteArray>("spec");
        QTest::addColumn<QStringList>("expected");
        const QStringList head{u"m"_s, u"--master"_s, u"--master-port=5557"_s};
        const QStringList tail{u"--enable-rebalancing"_s, u"--only-summary"_s};
        QTest::newRow("nothing set: autostart, autoquit 60, no workers")
            << QByteArray("{image: i, master: {command: m}, worker: {command: w}}")
            << head + QStringList{u"--expect-workers=0"_s, u"--autostart"_s, u"--autoquit"_s, u"60"_s} + tail;
        QTest::newRow("autoquit without enabled is on")
            << QByteArray("{image: i, master: {command: m, autoquit: {timeout: 30}}, worker: {command: w, replicas: 2}}")
            << head + QStringList{u"--expect-workers=2"_s, u"--autostart"_s, u"--autoquit"_s, u"30"_s} + tail;
        QTest::newRow("autoquit without timeout waits 60")
            << QByteArray("{image: i, master: {command: m, autostart: false, autoquit: {enabled: true}}, worker: {command: w, replicas: 1}}")
            << head + QStringList{u"--expect-workers=1"_s, u"--autoquit"_s, u"60"_s} + tail;
        QTest::newRow("no worker: no workers expected")
            << QByteArray("{image: i, master: {command: m}}")
            << head + QStringList{u"--expect-workers=0"_s, u"--autostart"_s, u"--autoquit"_s, u"60"_s} + tail;
    }
    void unsetFieldsFallBackToTheDefaults()
    {
        QFETCH(QByteArray, spec);
        QFETCH(QStringList, expected);
        QCOMPARE(commandargs::master(undefaultedSpec(spec)), expected);
    }

    // C1: extraArgs come last, verbatim, one argument each (spaces survive), after the operator's.
    void extraArgsAppendedVerbatim()
    {
        const auto spec = storedSpec("spec: {image: i, master: {command: m, extraArgs: ['--csv=/r/run one', "
                                     "'--master-port=6000']}, worker: {command: w, replicas: 1, "
                                     "extraArgs: ['--processes', '4']}}");
        const QStringList master = commandargs::master(spec);
        QCOMPARE(master.mid(master.size() - 3),
                 (QStringList{u"--only-summary"_s, u"--csv=/r/run one"_s, u"--master-port=6000"_s}));
        QCOMPARE(master.count(u"--master-port=5557"_s), 1); // the operator's flag stays; the user's wins last
        const QStringList worker = commandargs::worker(spec, u"demo"_s);
        QCOMPARE(worker.mid(worker.size() - 2), (QStringList{u"--processes"_s, u"4"_s}));
    }

    void otelFlagFollowsTheSeed()
    {
        const auto spec = storedSpec("spec: {image: i, master: {command: 'a b'}, worker: {command: c, replicas: 1},"
                                     " observability: {openTelemetry: {enabled: true, endpoint: 'http://o:4317'}}}");
        QCOMPARE(commandargs::master(spec).mid(0, 4),
                 (QStringList{u"a"_s, u"b"_s, u"--otel"_s, u"--master"_s}));
        QCOMPARE(commandargs::worker(spec, u"demo"_s).mid(0, 3),
                 (QStringList{u"c"_s, u"--otel"_s, u"--worker"_s}));
    }

    void otelDisabledAddsNoFlag()
    {
        const auto spec = storedSpec("spec: {image: i, master: {command: a}, worker: {command: c, replicas: 1},"
                                     " observability: {openTelemetry: {enabled: false, endpoint: 'http://o'}}}");
        QVERIFY(!commandargs::master(spec).contains(u"--otel"_s));
        QVERIFY(!commandargs::worker(spec, u"demo"_s).contains(u"--otel"_s));
    }

    void workerPointsAtTheSanitizedMasterService()
    {
        const auto spec = storedSpec("spec: {image: i, master: {command: m}, worker: {command: '--locustfile x', "
                                     "replicas: 2}}");
        QCOMPARE(commandargs::worker(spec, u"team-a.load-test"_s),
                 (QStringList{u"--locustfile"_s, u"x"_s, u"--worker"_s, u"--master-port=5557"_s,
                              u"--master-host=team-a-load-test-master"_s}));
    }
};

QTEST_GUILESS_MAIN(CommandArgsTest)
#include "tst_commandargs.moc"
