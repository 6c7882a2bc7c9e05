#include "api/locustflags.h"
#include "api/mountpaths.h"
#include "api/naming.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust::api;
using naming::Role;

namespace {

LocustTestSpecV2 withTestFiles(std::optional<QString> configMapRef, std::optional<QString> libConfigMapRef,
                               std::optional<QString> srcMountPath, std::optional<QString> libMountPath)
{
    LocustTestSpecV2 spec;
    spec.testFiles = TestFilesConfig{configMapRef, libConfigMapRef, srcMountPath, libMountPath};
    return spec;
}

} // namespace

Q_DECLARE_METATYPE(locust::api::LocustTestSpecV2)

class NamingTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- naming ----------------------------------------------------------------------------

    void sanitizeResourceName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"my-test"_s << u"my-test"_s;
        QTest::newRow("dots") << u"team-a.load.test"_s << u"team-a-load-test"_s;
        QTest::newRow("no lowercasing") << u"My.Test"_s << u"My-Test"_s;
        QTest::newRow("no other replacement") << u"a_b c/d"_s << u"a_b c/d"_s;
        QTest::newRow("no truncation") << QString(70, u'a') + u".b"_s << QString(70, u'a') + u"-b"_s;
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("only dots") << u".."_s << u"--"_s;
    }

    void sanitizeResourceName()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QCOMPARE(naming::sanitizeResourceName(name), expected);
    }

    void generatedNodeName_data()
    {
        QTest::addColumn<QString>("crName");
        QTest::addColumn<QString>("master");
        QTest::addColumn<QString>("worker");
        QTest::newRow("plain") << u"demo"_s << u"demo-master"_s << u"demo-worker"_s;
        QTest::newRow("dotted (spec example)") << u"team-a.load-test"_s << u"team-a-load-test-master"_s
                                               << u"team-a-load-test-worker"_s;
        QTest::newRow("dotted v2") << u"my-test.v2"_s << u"my-test-v2-master"_s << u"my-test-v2-worker"_s;
        QTest::newRow("56 characters") << QString(56, u'a') << QString(56, u'a') + u"-master"_s
                                       << QString(56, u'a') + u"-worker"_s;
    }

    void generatedNodeName()
    {
        QFETCH(QString, crName);
        QFETCH(QString, master);
        QFETCH(QString, worker);
        QCOMPARE(naming::generatedNodeName(crName, Role::Master), master);
        QCOMPARE(naming::generatedNodeName(crName, Role::Worker), worker);
        QVERIFY(naming::generatedNodeName(crName, Role::Worker).size() <= 63 || crName.size() > 56);
    }

    void roleName()
    {
        QCOMPARE(naming::roleName(Role::Master), u"master"_s);
        QCOMPARE(naming::roleName(Role::Worker), u"worker"_s);
    }

    void secretVolumeName_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"tls-certs"_s << u"secret-tls-certs"_s;
        QTest::newRow("dotted") << u"api.credentials.v1"_s << u"secret-api-credentials-v1"_s;
    }

    void secretVolumeName()
    {
        QFETCH(QString, secret);
        QFETCH(QString, expected);
        QCOMPARE(naming::secretVolumeName(secret), expected);
    }

    void constants()
    {
        QCOMPARE(naming::generatedSuffixMaxLength, 7);
        QCOMPARE(naming::crNameMaxLength, 56);
        QCOMPARE(naming::libVolumeName.toString(), u"locust-lib"_s);
        QCOMPARE(naming::secretVolumePrefix.toString(), u"secret-"_s);
        QCOMPARE(naming::defaultSrcMountPath.toString(), u"/lotest/src"_s);
        QCOMPARE(naming::defaultLibMountPath.toString(), u"/opt/locust/lib"_s);
        QCOMPARE(naming::appLabel.toString(), u"app"_s);
        QCOMPARE(naming::testNameLabel.toString(), u"performance-test-name"_s);
        QCOMPARE(naming::podNameLabel.toString(), u"performance-test-pod-name"_s);
        QCOMPARE(naming::managedByLabel.toString(), u"managed-by"_s);
        QCOMPARE(naming::managedByValue.toString(), u"locust-k8s-operator"_s);
        QCOMPARE(naming::prometheusScrapeAnnotation.toString(), u"prometheus.io/scrape"_s);
        QCOMPARE(naming::prometheusPathAnnotation.toString(), u"prometheus.io/path"_s);
        QCOMPARE(naming::prometheusPortAnnotation.toString(), u"prometheus.io/port"_s);
        QCOMPARE(naming::metricsExporterContainerName.toString(), u"locust-metrics-exporter"_s);
        QCOMPARE(naming::masterPort, 5557);
        QCOMPARE(naming::masterBindPort, 5558);
        QCOMPARE(naming::webUiPort, 8089);
        QCOMPARE(naming::workerPort, 8080);
        QCOMPARE(naming::masterPortName.toString(), u"port5557"_s);
        QCOMPARE(naming::masterBindPortName.toString(), u"port5558"_s);
        QCOMPARE(naming::metricsPortName.toString(), u"prometheus-metrics"_s);
        QCOMPARE(naming::finalizer.toString(), u"locust.io/cleanup"_s);
        QCOMPARE(naming::conversionDataAnnotation.toString(), u"conversion.locust.io/v2-data"_s);
        QCOMPARE(naming::group.toString(), u"locust.io"_s);
        QCOMPARE(naming::kind.toString(), u"LocustTest"_s);
        QCOMPARE(naming::apiVersionV1.toString(), u"locust.io/v1"_s);
        QCOMPARE(naming::apiVersionV2.toString(), u"locust.io/v2"_s);
    }

    // ---- mount paths -----------------------------------------------------------------------

    void effectivePaths_data()
    {
        QTest::addColumn<bool>("hasTestFiles");
        QTest::addColumn<QString>("src"); // "<absent>" for nullopt
        QTest::addColumn<QString>("lib");
        QTest::addColumn<QString>("expectedSrc");
        QTest::addColumn<QString>("expectedLib");
        const QString absent = u"<absent>"_s;
        QTest::newRow("no testFiles") << false << absent << absent << u"/lotest/src"_s << u"/opt/locust/lib"_s;
        QTest::newRow("absent paths") << true << absent << absent << u"/lotest/src"_s << u"/opt/locust/lib"_s;
        QTest::newRow("empty paths") << true << QString() << QString() << u"/lotest/src"_s << u"/opt/locust/lib"_s;
        QTest::newRow("custom paths") << true << u"/mnt/src"_s << u"/mnt/lib/"_s << u"/mnt/src"_s << u"/mnt/lib/"_s;
    }

    void effectivePaths()
    {
        QFETCH(bool, hasTestFiles);
        QFETCH(QString, src);
        QFETCH(QString, lib);
        QFETCH(QString, expectedSrc);
        QFETCH(QString, expectedLib);
        auto value = [](const QString &text) {
            return text == u"<absent>" ? std::nullopt : std::optional<QString>(text);
        };
        LocustTestSpecV2 spec;
        if (hasTestFiles)
            spec = withTestFiles(u"tests"_s, std::nullopt, value(src), value(lib));
        QCOMPARE(mountpaths::srcMountPath(spec), expectedSrc);
        QCOMPARE(mountpaths::libMountPath(spec), expectedLib);
    }

    void usesConfigMaps()
    {
        QVERIFY(!mountpaths::usesTestFilesConfigMap(LocustTestSpecV2{}));
        QVERIFY(!mountpaths::usesLibConfigMap(LocustTestSpecV2{}));
        QVERIFY(!mountpaths::usesTestFilesConfigMap(withTestFiles(QString(), QString(), {}, {})));
        QVERIFY(!mountpaths::usesLibConfigMap(withTestFiles(QString(), QString(), {}, {})));
        QVERIFY(mountpaths::usesTestFilesConfigMap(withTestFiles(u"t"_s, {}, {}, {})));
        QVERIFY(!mountpaths::usesLibConfigMap(withTestFiles(u"t"_s, {}, {}, {})));
        QVERIFY(mountpaths::usesLibConfigMap(withTestFiles({}, u"l"_s, {}, {})));
        QVERIFY(!mountpaths::usesTestFilesConfigMap(withTestFiles({}, u"l"_s, {}, {})));
    }

    // spec/api.md §6.2 "Reserved paths".
    void reservedPaths_data()
    {
        QTest::addColumn<LocustTestSpecV2>("spec");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("no testFiles: both defaults") << LocustTestSpecV2{}
                                                     << QStringList{u"/lotest/src"_s, u"/opt/locust/lib"_s};
        QTest::newRow("empty testFiles") << withTestFiles({}, {}, {}, {})
                                         << QStringList{u"/lotest/src"_s, u"/opt/locust/lib"_s};
        QTest::newRow("empty refs") << withTestFiles(QString(), QString(), {}, {})
                                    << QStringList{u"/lotest/src"_s, u"/opt/locust/lib"_s};
        QTest::newRow("only configMapRef") << withTestFiles(u"t"_s, {}, {}, {}) << QStringList{u"/lotest/src"_s};
        QTest::newRow("only libConfigMapRef") << withTestFiles({}, u"l"_s, {}, {}) << QStringList{u"/opt/locust/lib"_s};
        QTest::newRow("both") << withTestFiles(u"t"_s, u"l"_s, {}, {})
                              << QStringList{u"/lotest/src"_s, u"/opt/locust/lib"_s};
        QTest::newRow("neither, custom paths") << withTestFiles({}, {}, u"/a"_s, u"/b"_s) << QStringList{u"/a"_s, u"/b"_s};
        QTest::newRow("only configMapRef, custom paths") << withTestFiles(u"t"_s, {}, u"/a"_s, u"/b"_s)
                                                         << QStringList{u"/a"_s};
        QTest::newRow("only libConfigMapRef, custom paths") << withTestFiles({}, u"l"_s, u"/a"_s, u"/b"_s)
                                                            << QStringList{u"/b"_s};
        QTest::newRow("empty custom paths mean defaults") << withTestFiles(u"t"_s, u"l"_s, QString(), QString())
                                                          << QStringList{u"/lotest/src"_s, u"/opt/locust/lib"_s};
    }

    void reservedPaths()
    {
        QFETCH(LocustTestSpecV2, spec);
        QFETCH(QStringList, expected);
        QCOMPARE(mountpaths::reservedPaths(spec), expected);
    }

    void normalized_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no slash") << u"/lotest/src"_s << u"/lotest/src"_s;
        QTest::newRow("trailing slash") << u"/lotest/src/"_s << u"/lotest/src"_s;
        QTest::newRow("only one slash removed") << u"/lotest/src//"_s << u"/lotest/src/"_s;
        QTest::newRow("root") << u"/"_s << QString();
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("relative") << u"lotest/src/"_s << u"lotest/src"_s;
    }

    void normalized()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QCOMPARE(mountpaths::normalized(path), expected);
    }

    // spec/api.md §6.2 "PathConflicts".
    void conflict_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("expected");
        QTest::newRow("equal") << u"/lotest/src"_s << u"/lotest/src"_s << true;
        QTest::newRow("trailing slash a") << u"/lotest/src/"_s << u"/lotest/src"_s << true;
        QTest::newRow("trailing slash b") << u"/lotest/src"_s << u"/lotest/src/"_s << true;
        QTest::newRow("both trailing") << u"/lotest/src/"_s << u"/lotest/src/"_s << true;
        QTest::newRow("sub path") << u"/lotest/src/data"_s << u"/lotest/src"_s << true;
        QTest::newRow("deep sub path") << u"/opt/locust/lib/x/y"_s << u"/opt/locust/lib"_s << true;
        QTest::newRow("parent") << u"/lotest"_s << u"/lotest/src"_s << true;
        QTest::newRow("parent with slash") << u"/opt/"_s << u"/opt/locust/lib"_s << true;
        QTest::newRow("root") << u"/"_s << u"/lotest/src"_s << true;
        QTest::newRow("root reversed") << u"/opt/locust/lib"_s << u"/"_s << true;
        QTest::newRow("empty") << QString() << u"/lotest/src"_s << true;
        QTest::newRow("sibling prefix") << u"/lotest/src2"_s << u"/lotest/src"_s << false;
        QTest::newRow("sibling prefix reversed") << u"/lotest/src"_s << u"/lotest/src2"_s << false;
        QTest::newRow("relative") << u"lotest/src"_s << u"/lotest/src"_s << false;
        QTest::newRow("unrelated") << u"/etc/secret"_s << u"/lotest/src"_s << false;
        QTest::newRow("double slash not normalised") << u"/lotest//src"_s << u"/lotest/src"_s << false;
        QTest::newRow("dot not normalised") << u"/lotest/./src"_s << u"/lotest/src"_s << false;
        QTest::newRow("two trailing slashes") << u"/lotest/src//"_s << u"/lotest/src"_s << true;
        QTest::newRow("case sensitive") << u"/Lotest/src"_s << u"/lotest/src"_s << false;
    }

    void conflict()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, expected);
        QCOMPARE(mountpaths::conflict(a, b), expected);
        QCOMPARE(mountpaths::conflict(b, a), expected); // symmetric
    }

    // ---- Locust flags ----------------------------------------------------------------------

    void operatorManagedFlags()
    {
        QCOMPARE(locustflags::operatorManagedFlags(),
                 (QStringList{u"--master"_s, u"--worker"_s, u"--master-port"_s, u"--master-host"_s,
                              u"--expect-workers"_s, u"--autostart"_s, u"--autoquit"_s, u"--otel"_s,
                              u"--enable-rebalancing"_s, u"--only-summary"_s}));
    }

    void managedFlagOf_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--master") << u"--master"_s << u"--master"_s;
        QTest::newRow("--worker") << u"--worker"_s << u"--worker"_s;
        QTest::newRow("--master-port") << u"--master-port"_s << u"--master-port"_s;
        QTest::newRow("--master-port=1") << u"--master-port=1"_s << u"--master-port"_s;
        QTest::newRow("--master-host=x") << u"--master-host=other-master"_s << u"--master-host"_s;
        QTest::newRow("--expect-workers=3") << u"--expect-workers=3"_s << u"--expect-workers"_s;
        QTest::newRow("--autostart") << u"--autostart"_s << u"--autostart"_s;
        QTest::newRow("--autoquit") << u"--autoquit"_s << u"--autoquit"_s;
        QTest::newRow("--autoquit=10") << u"--autoquit=10"_s << u"--autoquit"_s;
        QTest::newRow("--otel") << u"--otel"_s << u"--otel"_s;
        QTest::newRow("--enable-rebalancing") << u"--enable-rebalancing"_s << u"--enable-rebalancing"_s;
        QTest::newRow("--only-summary") << u"--only-summary"_s << u"--only-summary"_s;
        QTest::newRow("--master=") << u"--master="_s << u"--master"_s;
        QTest::newRow("--master-port-x") << u"--master-port-x"_s << QString();
        QTest::newRow("--masterx") << u"--masterx"_s << QString();
        QTest::newRow("--master-bind-port") << u"--master-bind-port=5558"_s << QString();
        QTest::newRow("--workers") << u"--workers"_s << QString();
        QTest::newRow("--otel-x") << u"--otel-x"_s << QString();
        QTest::newRow("-master") << u"-master"_s << QString();
        QTest::newRow("value only") << u"5557"_s << QString();
        QTest::newRow("upper case") << u"--MASTER"_s << QString();
        QTest::newRow("with space") << u"--master 1"_s << QString();
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("unrelated") << u"--loglevel=DEBUG"_s << QString();
    }

    void managedFlagOf()
    {
        QFETCH(QString, argument);
        QFETCH(QString, expected);
        QCOMPARE(locustflags::managedFlagOf(argument), expected);
    }
};

QTEST_GUILESS_MAIN(NamingTest)
#include "tst_naming.moc"
