#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringView>

namespace locust {

// Structured fields on Qt log lines. Code logs through Qt categories, whose messages are plain text;
// to attach key/values (LocustTest, namespace, name, reconcileID, controller...) the message carries
// them after a U+001F (INFORMATION SEPARATOR ONE) as compact JSON, and the daemon's log sink splits
// them off again and writes them as fields of the record:
//
//     qCInfo(lcReconciler).noquote() << withLogFields(u"Created resource", {{u"name"_s, name}});
//
// U+001F never appears in compact JSON (JSON escapes every control character), so the last separator in
// a text is always the one withLogFields() wrote, whatever the message itself contains.
inline constexpr QChar logFieldSeparator = QChar(0x1f);

// The message followed by U+001F and the fields as compact JSON; the message alone when there are no
// fields.
QString withLogFields(QStringView message, const QJsonObject &fields);

struct LogMessageParts
{
    QString message;
    QJsonObject fields;
};

// The inverse of withLogFields(). A text without a separator, or whose part after the last separator is
// not a JSON object, is all message: a log line must never lose text, even text we did not write.
LogMessageParts splitLogFields(QStringView text);

} // namespace locust
