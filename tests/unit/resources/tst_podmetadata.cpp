#include "jsontestsupport.h"
#include "locusttestfixtures.h"
#include "resources/podmetadata.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
namespace podmetadata = resources::podmetadata;
using Role = api::naming::Role;
using testsupport::storedSpec;

class PodMetadataTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void baseLabelsUseRawAndSanitizedNames()
    {
        const auto spec = storedSpec("spec: {image: i}");
        LOCUST_COMPARE_JSON(podmetadata::labels(spec, u"team-a.load-test"_s, Role::Worker),
                            (QJsonObject{{u"app"_s, u"team-a.load-test"_s},
                                         {u"performance-test-name"_s, u"team-a.load-test"_s},
                                         {u"performance-test-pod-name"_s, u"team-a-load-test-worker"_s},
                                         {u"managed-by"_s, u"locust-k8s-operator"_s}}));
    }

    // The operator relies on three labels; user values never replace them. `app` is the user's.
    void userLabelsMergedExceptOperatorManaged()
    {
        const auto spec = storedSpec("spec:\n  image: i\n  master:\n    command: m\n    labels:\n"
                                     "      team: qa\n      app: custom\n      performance-test-name: other\n"
                                     "      performance-test-pod-name: other\n      managed-by: me\n");
        LOCUST_COMPARE_JSON(podmetadata::labels(spec, u"demo"_s, Role::Master),
                            (QJsonObject{{u"app"_s, u"custom"_s},
                                         {u"team"_s, u"qa"_s},
                                         {u"performance-test-name"_s, u"demo"_s},
                                         {u"performance-test-pod-name"_s, u"demo-master"_s},
                                         {u"managed-by"_s, u"locust-k8s-operator"_s}}));
        // Master labels do not leak into workers.
        QVERIFY(!podmetadata::labels(spec, u"demo"_s, Role::Worker).contains(u"team"_s));
    }

    void masterPrometheusAnnotationsWhileOtelOff()
    {
        config::OperatorConfig config;
        config.metricsExporterPort = 9999;
        const auto spec = storedSpec("spec:\n  image: i\n  master:\n    command: m\n    annotations:\n"
                                     "      prometheus.io/path: /custom\n      example.com/a: b\n");
        LOCUST_COMPARE_JSON(podmetadata::annotations(spec, config, Role::Master),
                            (QJsonObject{{u"prometheus.io/scrape"_s, u"true"_s},
                                         {u"prometheus.io/path"_s, u"/custom"_s}, // the user wins
                                         {u"prometheus.io/port"_s, u"9999"_s},
                                         {u"example.com/a"_s, u"b"_s}}));
        QVERIFY(podmetadata::annotations(spec, config, Role::Worker).isEmpty());
    }

    // Review item M25: no scrape annotations when OpenTelemetry replaces the exporter.
    void noPrometheusAnnotationsWithOtel()
    {
        const auto spec = storedSpec("spec: {image: i, observability: {openTelemetry: {enabled: true, endpoint: e}}}");
        QVERIFY(podmetadata::annotations(spec, config::OperatorConfig{}, Role::Master).isEmpty());
    }

    void workerAnnotationsAreTheUsers()
    {
        const auto spec = storedSpec("spec: {image: i, worker: {command: w, replicas: 1, annotations: {k: v}}}");
        LOCUST_COMPARE_JSON(podmetadata::annotations(spec, config::OperatorConfig{}, Role::Worker),
                            (QJsonObject{{u"k"_s, u"v"_s}}));
    }
};

QTEST_GUILESS_MAIN(PodMetadataTest)
#include "tst_podmetadata.moc"
