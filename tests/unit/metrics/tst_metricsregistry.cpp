// The registry and its text exposition, compared byte for byte with what client_golang writes.

#include "metrics/metricsregistry.h"
#include "metrics/prometheustext.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using namespace locust::metrics;

class MetricsRegistryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Expected strings are Go's strconv.FormatFloat(v, 'g', -1, 64), as expfmt writes them.
    void formatsNumbersAsPrometheusDoes_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("zero") << 0.0 << QByteArray("0");
        QTest::newRow("negative zero") << -0.0 << QByteArray("0");
        QTest::newRow("one") << 1.0 << QByteArray("1");
        QTest::newRow("minus one") << -1.0 << QByteArray("-1");
        QTest::newRow("small fraction") << 0.005 << QByteArray("0.005");
        QTest::newRow("1e-4 stays fixed") << 0.0001 << QByteArray("0.0001");
        QTest::newRow("1e-5 goes exponential") << 0.00001 << QByteArray("1e-05");
        QTest::newRow("1e-08") << 1e-8 << QByteArray("1e-08");
        QTest::newRow("rounding kept") << 0.1 + 0.2 << QByteArray("0.30000000000000004");
        QTest::newRow("one and a half") << 1.5 << QByteArray("1.5");
        QTest::newRow("sixty") << 60.0 << QByteArray("60");
        QTest::newRow("negative fraction") << -2.5 << QByteArray("-2.5");
        QTest::newRow("six digits stay fixed") << 123456.0 << QByteArray("123456");
        QTest::newRow("999999") << 999999.0 << QByteArray("999999");
        QTest::newRow("1e6 goes exponential") << 1e6 << QByteArray("1e+06");
        QTest::newRow("resident memory") << 123924480.0 << QByteArray("1.2392448e+08");
        QTest::newRow("fraction beyond 1e6") << 1234567.5 << QByteArray("1.2345675e+06");
        QTest::newRow("start time") << 1711612213.21 << QByteArray("1.71161221321e+09");
        QTest::newRow("2^64") << 18446744073709551616.0 << QByteArray("1.8446744073709552e+19");
        QTest::newRow("three exponent digits") << 1e100 << QByteArray("1e+100");
        QTest::newRow("largest") << std::numeric_limits<double>::max() << QByteArray("1.7976931348623157e+308");
        QTest::newRow("smallest subnormal") << std::numeric_limits<double>::denorm_min() << QByteArray("5e-324");
        QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << QByteArray("NaN");
        QTest::newRow("+Inf") << std::numeric_limits<double>::infinity() << QByteArray("+Inf");
        QTest::newRow("-Inf") << -std::numeric_limits<double>::infinity() << QByteArray("-Inf");
    }

    void formatsNumbersAsPrometheusDoes()
    {
        QFETCH(double, value);
        QFETCH(QByteArray, text);
        QCOMPARE(prometheustext::formatValue(value), text);
    }

    // client-go's workqueue buckets as Go computes them: each the previous one times ten, rounding
    // included, which is what every controller-runtime /metrics shows.
    void exponentialBucketsCarryGosRounding()
    {
        QList<QByteArray> bounds;
        for (double bound : prometheustext::exponentialBuckets(10e-9, 10, 10))
            bounds.append(prometheustext::formatValue(bound));
        QCOMPARE(bounds, (QList<QByteArray>{"1e-08", "1e-07", "1e-06", "9.999999999999999e-06", "9.999999999999999e-05",
                                            "0.001", "0.01", "0.1", "1", "10"}));
        QVERIFY(prometheustext::exponentialBuckets(1, 2, 0).isEmpty());
    }

    void escapesLabelValuesAndHelp_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("labelValue");
        QTest::addColumn<QByteArray>("help");
        QTest::newRow("plain") << u"plain"_s << QByteArray("plain") << QByteArray("plain");
        QTest::newRow("backslash") << u"a\\b"_s << QByteArray("a\\\\b") << QByteArray("a\\\\b");
        QTest::newRow("quote") << u"say \"hi\""_s << QByteArray("say \\\"hi\\\"") << QByteArray("say \"hi\"");
        QTest::newRow("newline") << u"two\nlines"_s << QByteArray("two\\nlines") << QByteArray("two\\nlines");
        QTest::newRow("all three") << u"\\\"\n"_s << QByteArray("\\\\\\\"\\n") << QByteArray("\\\\\"\\n");
        QTest::newRow("UTF-8") << u"größe"_s << QByteArray("gr\xc3\xb6\xc3\x9f" "e") << QByteArray("gr\xc3\xb6\xc3\x9f" "e");
    }

    void escapesLabelValuesAndHelp()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, labelValue);
        QFETCH(QByteArray, help);
        QCOMPARE(prometheustext::escapeLabelValue(text), labelValue);
        QCOMPARE(prometheustext::escapeHelp(text), help);
    }

    void validatesNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("metricName");
        QTest::addColumn<bool>("labelName");
        QTest::newRow("snake case") << u"workqueue_depth"_s << true << true;
        QTest::newRow("colon") << u"job:rate5m"_s << true << false;
        QTest::newRow("leading underscore") << u"_x"_s << true << true;
        QTest::newRow("reserved label prefix") << u"__name"_s << true << false;
        QTest::newRow("leading digit") << u"1x"_s << false << false;
        QTest::newRow("dash") << u"a-b"_s << false << false;
        QTest::newRow("empty") << QString() << false << false;
        QTest::newRow("non-ASCII") << u"größe"_s << false << false;
    }

    void validatesNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, metricName);
        QFETCH(bool, labelName);
        QCOMPARE(prometheustext::isValidMetricName(name), metricName);
        QCOMPARE(prometheustext::isValidLabelName(name), labelName);
    }

    // Families by name; series by label values; labels by name whatever order they were declared in.
    void writesTheWholeExposition()
    {
        MetricsRegistry registry;
        const auto requests = registry.counter(u"requests_total"_s, u"Requests \"served\"\nby code."_s,
                                               {u"path"_s, u"code"_s});
        const auto temperature = registry.gauge(u"a_temperature_celsius"_s, u"Temperature."_s);
        const auto latency = registry.histogram(u"latency_seconds"_s, u"Latency."_s, {u"handler"_s}, {0.1, 0.5, 1});
        requests->add({u"/b"_s, u"200"_s});
        requests->add({u"/a"_s, u"500"_s}, 2);
        requests->add({u"/a"_s, u"200"_s}, 0.5);
        requests->add({u"/q\"\\\n"_s, u"200"_s});
        temperature->set({}, -3.25);
        latency->observe({u"x"_s}, 0.1);  // on a bound: counted in that bucket (le is inclusive)
        latency->observe({u"x"_s}, 0.3);
        latency->observe({u"x"_s}, 7);    // beyond every bound: only +Inf
        latency->observe({u"w"_s}, 0.05);

        QCOMPARE(registry.exposition(),
                 QByteArray("# HELP a_temperature_celsius Temperature.\n"
                            "# TYPE a_temperature_celsius gauge\n"
                            "a_temperature_celsius -3.25\n"
                            "# HELP latency_seconds Latency.\n"
                            "# TYPE latency_seconds histogram\n"
                            "latency_seconds_bucket{handler=\"w\",le=\"0.1\"} 1\n"
                            "latency_seconds_bucket{handler=\"w\",le=\"0.5\"} 1\n"
                            "latency_seconds_bucket{handler=\"w\",le=\"1\"} 1\n"
                            "latency_seconds_bucket{handler=\"w\",le=\"+Inf\"} 1\n"
                            "latency_seconds_sum{handler=\"w\"} 0.05\n"
                            "latency_seconds_count{handler=\"w\"} 1\n"
                            "latency_seconds_bucket{handler=\"x\",le=\"0.1\"} 1\n"
                            "latency_seconds_bucket{handler=\"x\",le=\"0.5\"} 2\n"
                            "latency_seconds_bucket{handler=\"x\",le=\"1\"} 2\n"
                            "latency_seconds_bucket{handler=\"x\",le=\"+Inf\"} 3\n"
                            "latency_seconds_sum{handler=\"x\"} 7.4\n"
                            "latency_seconds_count{handler=\"x\"} 3\n"
                            "# HELP requests_total Requests \"served\"\\nby code.\n"
                            "# TYPE requests_total counter\n"
                            "requests_total{code=\"200\",path=\"/a\"} 0.5\n"
                            "requests_total{code=\"200\",path=\"/b\"} 1\n"
                            "requests_total{code=\"200\",path=\"/q\\\"\\\\\\n\"} 1\n"
                            "requests_total{code=\"500\",path=\"/a\"} 2\n"));
        QCOMPARE(QByteArray(MetricsRegistry::contentType), "text/plain; version=0.0.4; charset=utf-8");
    }

    void histogramBuckets_data()
    {
        QTest::addColumn<QList<double>>("bounds");
        QTest::addColumn<QList<double>>("observations");
        QTest::addColumn<QList<quint64>>("cumulative");
        QTest::addColumn<QList<QByteArray>>("le");
        QTest::addColumn<double>("sum");
        const QList<double> bounds{0.005, 0.01, 1};
        QTest::newRow("none") << bounds << QList<double>{} << QList<quint64>{0, 0, 0, 0}
                              << QList<QByteArray>{"0.005", "0.01", "1", "+Inf"} << 0.0;
        QTest::newRow("on each bound") << bounds << QList<double>{0.005, 0.01, 1} << QList<quint64>{1, 2, 3, 3}
                                       << QList<QByteArray>{"0.005", "0.01", "1", "+Inf"} << 1.015;
        QTest::newRow("just above a bound") << bounds << QList<double>{0.0050001} << QList<quint64>{0, 1, 1, 1}
                                            << QList<QByteArray>{"0.005", "0.01", "1", "+Inf"} << 0.0050001;
        QTest::newRow("negative and huge") << bounds << QList<double>{-5, 1e9} << QList<quint64>{1, 1, 1, 2}
                                           << QList<QByteArray>{"0.005", "0.01", "1", "+Inf"} << 999999995.0;
        // Unsorted and repeated bounds are put in order; a +Inf bound is the implicit last bucket.
        QTest::newRow("unsorted bounds") << QList<double>{1, 0.01, 1, 0.005, qInf()} << QList<double>{0.007}
                                         << QList<quint64>{0, 1, 1, 1}
                                         << QList<QByteArray>{"0.005", "0.01", "1", "+Inf"} << 0.007;
        QTest::newRow("workqueue bounds") << prometheustext::exponentialBuckets(10e-9, 10, 10)
                                          << QList<double>{1e-5, 1e-5} << QList<quint64>{0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2}
                                          << QList<QByteArray>{"1e-08", "1e-07", "1e-06", "9.999999999999999e-06",
                                                               "9.999999999999999e-05", "0.001", "0.01", "0.1", "1",
                                                               "10", "+Inf"}
                                          << 2e-5;
    }

    void histogramBuckets()
    {
        QFETCH(QList<double>, bounds);
        QFETCH(QList<double>, observations);
        QFETCH(QList<quint64>, cumulative);
        QFETCH(QList<QByteArray>, le);
        QFETCH(double, sum);
        MetricsRegistry registry;
        const auto histogram = registry.histogram(u"h"_s, u"H."_s, {}, bounds);
        histogram->initialize({});
        for (double value : observations)
            histogram->observe({}, value);

        const auto value = histogram->histogram();
        QVERIFY(value);
        QCOMPARE(value->cumulativeCounts, cumulative);
        QCOMPARE(value->count, quint64(observations.size()));
        QCOMPARE(value->sum, sum);

        QByteArray expected = "# HELP h H.\n# TYPE h histogram\n";
        for (qsizetype i = 0; i < le.size(); ++i)
            expected += "h_bucket{le=\"" + le.at(i) + "\"} " + QByteArray::number(cumulative.at(i)) + '\n';
        expected += "h_sum " + prometheustext::formatValue(sum) + "\nh_count " + QByteArray::number(observations.size())
            + '\n';
        QCOMPARE(registry.exposition(), expected);
    }

    void aNaNObservationGoesOnlyToInf()
    {
        MetricsRegistry registry;
        const auto histogram = registry.histogram(u"h"_s, u"H."_s, {}, {1});
        histogram->observe({}, std::numeric_limits<double>::quiet_NaN());
        QCOMPARE(registry.exposition(), QByteArray("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 0\n"
                                                   "h_bucket{le=\"+Inf\"} 1\nh_sum NaN\nh_count 1\n"));
    }

    // Unused vectors are not exposed (client_golang); initialize() makes a series exist at zero.
    void familiesWithoutSeriesAreLeftOut()
    {
        MetricsRegistry registry;
        const auto counter = registry.counter(u"c_total"_s, u"C."_s, {u"kind"_s});
        const auto histogram = registry.histogram(u"h"_s, u"H."_s, {u"kind"_s}, {1});
        QCOMPARE(registry.exposition(), QByteArray());
        counter->initialize({u"a"_s});
        counter->initialize({u"a"_s}); // does not reset or duplicate
        QCOMPARE(registry.exposition(), QByteArray("# HELP c_total C.\n# TYPE c_total counter\nc_total{kind=\"a\"} 0\n"));
        counter->add({u"a"_s}, 3);
        counter->initialize({u"a"_s});
        QCOMPARE(counter->value({u"a"_s}), 3.0);
        QVERIFY(!histogram->histogram({u"a"_s}));
    }

    // Calls that do not fit are ignored: they change nothing and create no series.
    void callsThatDoNotFitChangeNothing()
    {
        MetricsRegistry registry;
        const auto counter = registry.counter(u"c_total"_s, u"C."_s, {u"kind"_s});
        const auto gauge = registry.gauge(u"g"_s, u"G."_s, {u"kind"_s});
        const auto histogram = registry.histogram(u"h"_s, u"H."_s, {u"kind"_s}, {1});
        counter->add({u"a"_s}, 2);
        counter->add({u"a"_s}, -1);                  // counters only go up
        counter->add({u"a"_s}, std::nan(""));        // nor become NaN
        counter->set({u"a"_s}, 10);                  // not a gauge
        counter->observe({u"a"_s}, 1);               // not a histogram
        counter->add({}, 1);                         // too few label values
        counter->add({u"a"_s, u"b"_s}, 1);           // too many
        gauge->observe({u"a"_s}, 1);
        gauge->add({u"a"_s, u"b"_s}, 1);
        histogram->add({u"a"_s}, 1);
        histogram->set({u"a"_s}, 1);
        histogram->observe({}, 1);
        QCOMPARE(counter->value({u"a"_s}), 2.0);
        QVERIFY(!counter->value({}));
        QVERIFY(!gauge->value({u"a"_s}));
        QVERIFY(!histogram->histogram({u"a"_s}));
        QCOMPARE(registry.exposition(), QByteArray("# HELP c_total C.\n# TYPE c_total counter\nc_total{kind=\"a\"} 2\n"));

        gauge->add({u"a"_s}, -4); // gauges go both ways
        gauge->add({u"a"_s}, 1.5);
        QCOMPARE(gauge->value({u"a"_s}), -2.5);
    }

    void registeringANameAgain()
    {
        MetricsRegistry registry;
        const auto first = registry.counter(u"c_total"_s, u"C."_s, {u"kind"_s});
        QCOMPARE(registry.counter(u"c_total"_s, u"C."_s, {u"kind"_s}), first);
        QCOMPARE(registry.family(u"c_total"_s), first);

        // Another definition under the same name: a working family, not exposed.
        for (int i = 0; i < 3; ++i)
            QTest::ignoreMessage(QtWarningMsg,
                                 "metric c_total is not exposed: the name is registered with another definition");
        for (const auto &other : {registry.gauge(u"c_total"_s, u"C."_s, {u"kind"_s}),
                                  registry.counter(u"c_total"_s, u"C."_s, {u"other"_s}),
                                  registry.counter(u"c_total"_s, u"Other help."_s, {u"kind"_s})}) {
            QVERIFY(other);
            QVERIFY(other != first);
            other->add({u"x"_s}, 1);
        }
        first->add({u"a"_s}, 1);
        QCOMPARE(registry.exposition(), QByteArray("# HELP c_total C.\n# TYPE c_total counter\nc_total{kind=\"a\"} 1\n"));
        QCOMPARE(registry.names(), QStringList{u"c_total"_s});
    }

    void namesThatCannotBeExposed_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<bool>("histogram");
        QTest::newRow("invalid metric name") << u"bad-name"_s << QStringList() << false;
        QTest::newRow("invalid label name") << u"ok"_s << QStringList{u"bad label"_s} << false;
        QTest::newRow("reserved label") << u"ok"_s << QStringList{u"__name__"_s} << false;
        QTest::newRow("le on a histogram") << u"ok"_s << QStringList{u"le"_s} << true;
        QTest::newRow("repeated label") << u"ok"_s << QStringList{u"a"_s, u"a"_s} << false;
    }

    void namesThatCannotBeExposed()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, labels);
        QFETCH(bool, histogram);
        MetricsRegistry registry;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^metric .* is not exposed: "_s));
        const auto family = histogram ? registry.histogram(name, u"H."_s, labels, {1}) : registry.counter(name, u"C."_s, labels);
        QVERIFY(family);
        QStringList values;
        for (qsizetype i = 0; i < labels.size(); ++i)
            values.append(u"v"_s);
        family->add(values, 1);
        family->observe(values, 1);
        QVERIFY(!registry.family(name));
        QCOMPARE(registry.exposition(), QByteArray());
    }

    // A reader runs at every scrape; no value leaves the family out of that scrape.
    void readAtScrapeFamilies()
    {
        MetricsRegistry registry;
        std::optional<double> current = 3;
        int reads = 0;
        registry.readAtScrape(MetricType::Gauge, u"open_things"_s, u"Things."_s, [&] {
            ++reads;
            return current;
        });
        registry.readAtScrape(MetricType::Counter, u"cpu_seconds_total"_s, u"CPU."_s, [] { return 1.5; });
        QCOMPARE(reads, 0);
        QCOMPARE(registry.exposition(), QByteArray("# HELP cpu_seconds_total CPU.\n# TYPE cpu_seconds_total counter\n"
                                                   "cpu_seconds_total 1.5\n"
                                                   "# HELP open_things Things.\n# TYPE open_things gauge\nopen_things 3\n"));
        QCOMPARE(reads, 1);
        current = 1e6;
        QVERIFY(registry.exposition().contains("\nopen_things 1e+06\n"));
        current.reset();
        QVERIFY(!registry.exposition().contains("open_things"));
        QCOMPARE(reads, 3);
        // A reader family takes no label values and no updates.
        const auto family = registry.family(u"cpu_seconds_total"_s);
        family->add({}, 1);
        QCOMPARE(family->value(), 1.5);
        QVERIFY(!family->value({u"x"_s}));
        // Registered again the same way: the family already there, with its first reader.
        QCOMPARE(registry.readAtScrape(MetricType::Counter, u"cpu_seconds_total"_s, u"CPU."_s, [] { return 9.0; }),
                 family);
        QCOMPARE(family->value(), 1.5);
        QTest::ignoreMessage(QtWarningMsg,
                             "metric cpu_seconds_total is not exposed: the name is registered with another definition");
        QVERIFY(registry.readAtScrape(MetricType::Gauge, u"cpu_seconds_total"_s, u"CPU."_s, [] { return 9.0; })
                != family);
    }
};

QTEST_GUILESS_MAIN(MetricsRegistryTest)
#include "tst_metricsregistry.moc"
