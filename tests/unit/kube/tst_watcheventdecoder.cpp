#include "kube/watcheventdecoder.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust::kube;

namespace {

const QByteArray added = R"j({"type":"ADDED","object":{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"10"}}})j";
const QByteArray modified = R"j({"type":"MODIFIED","object":{"metadata":{"name":"a","resourceVersion":"11"}}})j";
const QByteArray bookmark = R"j({"type":"BOOKMARK","object":{"kind":"ConfigMap","metadata":{"resourceVersion":"12"}}})j";
const QByteArray expired = R"j({"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version: 1 (5)"}})j";

} // namespace

class WatchEventDecoderTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesEachType()
    {
        WatchEventDecoder decoder;
        const auto events = decoder.feed(added + '\n' + modified + '\n' + bookmark + '\n' + expired + '\n'
                                         + R"j({"type":"DELETED","object":{"metadata":{"name":"a"}}})j" + '\n');
        QVERIFY(events);
        QCOMPARE(events->size(), 5);
        QCOMPARE(events->at(0).type, WatchEvent::Type::Added);
        QCOMPARE(events->at(0).resourceVersion(), u"10"_s);
        QCOMPARE(events->at(1).type, WatchEvent::Type::Modified);
        QCOMPARE(events->at(2).type, WatchEvent::Type::Bookmark);
        QCOMPARE(events->at(2).resourceVersion(), u"12"_s);
        QCOMPARE(events->at(3).type, WatchEvent::Type::Error);
        QCOMPARE(events->at(3).object.value(u"code").toInt(), 410);
        QCOMPARE(events->at(4).type, WatchEvent::Type::Deleted);
        QCOMPARE(decoder.bufferedBytes(), 0);
    }

    // Chunks split lines anywhere: every split position of a two-event stream gives the same events.
    void eventsSplitAcrossChunks()
    {
        const QByteArray stream = added + '\n' + modified + '\n';
        for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
            WatchEventDecoder decoder;
            const auto first = decoder.feed(stream.left(cut));
            const auto second = decoder.feed(stream.mid(cut));
            QVERIFY(first && second);
            QCOMPARE(first->size() + second->size(), 2);
            const WatchEvent last = second->isEmpty() ? first->last() : second->last();
            QCOMPARE(last.resourceVersion(), u"11"_s);
        }
    }

    void byteByByte()
    {
        WatchEventDecoder decoder;
        int count = 0;
        for (const char c : added + "\r\n" + bookmark + "\n\n") {
            const auto events = decoder.feed(QByteArray(1, c));
            QVERIFY(events);
            count += int(events->size());
        }
        QCOMPARE(count, 2);
    }

    void incompleteLineWaits()
    {
        WatchEventDecoder decoder;
        const auto events = decoder.feed(added);
        QVERIFY(events);
        QVERIFY(events->isEmpty());
        QCOMPARE(decoder.bufferedBytes(), added.size());
    }

    void malformedInputIsAnError_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("garbage") << u"malformed watch event"_s;
        QTest::newRow("array") << QByteArray("[1,2]") << u"malformed watch event"_s;
        QTest::newRow("unknown type") << QByteArray(R"j({"type":"RENAMED","object":{}})j") << u"unknown watch event type \"RENAMED\""_s;
        QTest::newRow("no object") << QByteArray(R"j({"type":"ADDED"})j") << u"watch event without an object"_s;
    }
    void malformedInputIsAnError()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, message);
        WatchEventDecoder decoder;
        const auto events = decoder.feed(added + '\n' + line + '\n');
        QVERIFY(!events);
        QVERIFY2(events.errorMessage().startsWith(message), qPrintable(events.errorMessage()));
    }

    // A line that never ends cannot grow the buffer without bound.
    void overlongLineIsAnError()
    {
        WatchEventDecoder decoder(1024);
        QVERIFY(decoder.feed(QByteArray(1000, 'x')));
        const auto events = decoder.feed(QByteArray(100, 'x'));
        QVERIFY(!events);
        QCOMPARE(events.errorMessage(), u"a watch event is longer than 1024 bytes"_s);
        QCOMPARE(decoder.bufferedBytes(), 0);
    }
};

QTEST_GUILESS_MAIN(WatchEventDecoderTest)
#include "tst_watcheventdecoder.moc"
