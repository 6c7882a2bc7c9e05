// Figures for the validating webhook's handler, in-process: how long an AdmissionReview takes for
// a typical LocustTest and for one with very long volume lists (the API server gives a webhook 10 s).

#include "webhook/admissionreviewhandler.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace locust;

namespace {

QJsonObject review(int volumeCount)
{
    QJsonArray volumes;
    QJsonArray mounts;
    for (int i = 0; i < volumeCount; ++i) {
        volumes.append(QJsonObject{{u"name"_s, u"v%1"_s.arg(i)}, {u"emptyDir"_s, QJsonObject{}}});
        mounts.append(QJsonObject{{u"name"_s, u"v%1"_s.arg(i)}, {u"mountPath"_s, u"/m/%1"_s.arg(i)}});
    }
    QJsonObject spec{{u"image"_s, u"locustio/locust:2.12.0"_s},
                     {u"master"_s, QJsonObject{{u"command"_s, u"--locustfile /lotest/src/a.py"_s}}},
                     {u"worker"_s, QJsonObject{{u"command"_s, u"--locustfile /lotest/src/a.py"_s}, {u"replicas"_s, 3}}}};
    if (volumeCount > 0) {
        spec.insert(u"volumes"_s, volumes);
        spec.insert(u"volumeMounts"_s, mounts);
    }
    const QJsonObject test{{u"apiVersion"_s, u"locust.io/v2"_s}, {u"kind"_s, u"LocustTest"_s},
                           {u"metadata"_s, QJsonObject{{u"name"_s, u"demo"_s}, {u"namespace"_s, u"load"_s}}},
                           {u"spec"_s, spec}};
    return QJsonObject{{u"apiVersion"_s, u"admission.k8s.io/v1"_s}, {u"kind"_s, u"AdmissionReview"_s},
                       {u"request"_s, QJsonObject{{u"uid"_s, u"1"_s}, {u"operation"_s, u"CREATE"_s}, {u"object"_s, test}}}};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const webhook::AdmissionReviewHandler handler;
    for (const int volumes : {0, 100, 2'000, 20'000}) {
        const QJsonObject request = review(volumes);
        const int rounds = volumes >= 2'000 ? 3 : 200;
        QElapsedTimer timer;
        timer.start();
        bool allowed = true;
        for (int i = 0; i < rounds; ++i) {
            const Result<QJsonObject> answer = handler.handle(request);
            allowed = allowed && answer && answer->value(u"response").toObject().value(u"allowed").toBool();
        }
        std::printf("admission review, %6d volumes and mounts: %9.3f ms per review (%s)\n", volumes,
                    double(timer.nsecsElapsed()) / 1e6 / rounds, allowed ? "allowed" : "DENIED");
    }
    return 0;
}
