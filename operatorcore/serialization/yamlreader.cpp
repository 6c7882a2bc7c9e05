#include "serialization/yamlreader.h"

#include "serialization/yamlscalarresolver.h"
#include "support/goquote.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringDecoder>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

using namespace Qt::StringLiterals;

namespace locust::serialization {

namespace {

// Deeper nesting is no Kubernetes object but a mistake, an attack or an alias that contains itself.
// The limit keeps our recursion far from the end of the stack.
constexpr int kMaxDepth = 256;

// Aliases share nodes, so a few lines can expand exponentially ("billion laughs"). Real manifests stay
// far below this. Text without aliases has at most about one node per byte, so each readAll() may
// convert this many nodes plus the size of its text.
constexpr qint64 kNodeBudget = 5'000'000;

constexpr std::string_view kPlainTag = "?";
constexpr std::string_view kNonPlainTag = "!";
constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";
constexpr std::string_view kNullTag = "tag:yaml.org,2002:null";
constexpr std::string_view kBoolTag = "tag:yaml.org,2002:bool";
constexpr std::string_view kIntTag = "tag:yaml.org,2002:int";
constexpr std::string_view kFloatTag = "tag:yaml.org,2002:float";
constexpr std::string_view kMergeTag = "tag:yaml.org,2002:merge";

QString fromUtf8(const std::string &text)
{
    const QByteArrayView bytes(text.data(), static_cast<qsizetype>(text.size()));
    if (!bytes.startsWith("\xef\xbb\xbf"))
        return QString::fromUtf8(bytes);
    // QString::fromUtf8() drops a leading byte order mark, but here it is part of the value.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(bytes);
}

QString positionPrefix(const YAML::Mark &mark)
{
    if (mark.is_null())
        return QString();
    return u"line %1, column %2: "_s.arg(mark.line + 1).arg(mark.column + 1);
}

Error errorAt(const YAML::Mark &mark, const QString &what)
{
    return Error{positionPrefix(mark) + what};
}

QString shortTag(std::string_view tag)
{
    constexpr std::string_view prefix = "tag:yaml.org,2002:";
    if (tag.substr(0, prefix.size()) == prefix)
        tag.remove_prefix(prefix.size());
    return u"!!"_s + QString::fromUtf8(tag.data(), static_cast<qsizetype>(tag.size()));
}

// Turns yaml-cpp nodes into JSON values, with kubectl's typing of scalars, merge keys, and limits on
// depth and on the number of nodes the document expands to.
//
// An alias is the very node its anchor names, so each mapping and sequence is converted once and
// its JSON value (implicitly shared) reused wherever an alias repeats it. The budget still counts
// every repetition, so an alias bomb fails after converting only its few distinct nodes.
class NodeConverter
{
public:
    explicit NodeConverter(qint64 nodeBudget)
        : m_nodeBudget(nodeBudget)
    {
    }

    // Converts a document's root. False with error() set when it cannot become JSON.
    bool convertDocument(const YAML::Node &root, QJsonValue &out)
    {
        m_converted.clear(); // anchors do not reach across documents
        int height = 0;
        return convert(root, 1, out, height);
    }

    const Error &error() const { return *m_error; }

private:
    // A converted mapping or sequence: `height` is how many levels of collections it nests (counting
    // itself), `nodes` how many nodes it expands to.
    struct Converted
    {
        QJsonValue value;
        int height = 0;
        qint64 nodes = 0;
    };

    // One key of a mapping being built. `source` 0 is the mapping itself, 1.. are the mappings merged
    // with `<<`, in order of precedence; `order` is the position in the text, for error messages.
    struct Entry
    {
        QString key;
        QJsonValue value;
        int source = 0;
        qsizetype order = 0;
        YAML::Mark mark;
    };

    // yaml-cpp has no public node identity, but each node owns its scalar storage (empty for
    // collections) and aliases share the node, so the storage's address identifies the node.
    static const void *identity(const YAML::Node &node) { return &node.Scalar(); }

    // `depth` is the nesting level of `node` if it is a collection (1 for a document's root);
    // `height` receives the collection levels in it.
    bool convert(const YAML::Node &node, int depth, QJsonValue &out, int &height)
    {
        height = 0;
        const bool isCollection = node.IsSequence() || node.IsMap();
        if (isCollection) {
            const auto known = m_converted.find(identity(node));
            if (known != m_converted.end()) {
                if (!spendNodes(known->second.nodes, node.Mark())
                    || !checkDepth(node.Mark(), depth + known->second.height - 1)) {
                    return false;
                }
                out = known->second.value;
                height = known->second.height;
                return true;
            }
        }
        const qint64 spentBefore = m_spentNodes;
        if (!spendNodes(1, node.Mark()))
            return false;
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            out = QJsonValue(QJsonValue::Null);
            return true;
        case YAML::NodeType::Scalar:
            return convertScalar(node, out);
        case YAML::NodeType::Sequence:
        case YAML::NodeType::Map:
            break;
        }
        if (!checkDepth(node.Mark(), depth))
            return false;
        const bool converted = node.IsMap() ? convertMapping(node, depth, out, height)
                                            : convertSequence(node, depth, out, height);
        if (!converted)
            return false;
        m_converted.emplace(identity(node), Converted{out, height, m_spentNodes - spentBefore});
        return true;
    }

    bool fail(const YAML::Mark &mark, const QString &what)
    {
        m_error = errorAt(mark, what);
        return false;
    }

    bool spendNodes(qint64 count, const YAML::Mark &mark)
    {
        m_spentNodes += count;
        if (m_spentNodes <= m_nodeBudget)
            return true;
        return fail(mark,
                    u"document expands to too many nodes (more than %1); do aliases refer to aliases?"_s
                        .arg(m_nodeBudget));
    }

    bool checkDepth(const YAML::Mark &mark, int depth)
    {
        if (depth <= kMaxDepth)
            return true;
        return fail(mark,
                    u"nesting is deeper than %1 levels (or an alias contains itself)"_s.arg(kMaxDepth));
    }

    bool convertScalar(const YAML::Node &node, QJsonValue &out)
    {
        const std::string &text = node.Scalar();
        const std::string_view tag = node.Tag();
        if (tag == kNonPlainTag || tag == kStrTag) {
            out = fromUtf8(text);
            return true;
        }
        const ResolvedScalar resolved = YamlScalarResolver::resolvePlain(text);
        if (tag == kPlainTag) {
            switch (resolved.kind) {
            case ResolvedScalar::Kind::Null:
            case ResolvedScalar::Kind::Bool:
            case ResolvedScalar::Kind::Integer:
            case ResolvedScalar::Kind::Float:
                out = resolved.value;
                return true;
            case ResolvedScalar::Kind::NonFinite:
                return fail(node.Mark(), u"%1 cannot be represented in JSON"_s.arg(fromUtf8(text)));
            case ResolvedScalar::Kind::Timestamp:
            case ResolvedScalar::Kind::String:
                out = fromUtf8(text);
                return true;
            }
        }
        std::optional<ResolvedScalar::Kind> wanted;
        if (tag == kNullTag)
            wanted = ResolvedScalar::Kind::Null;
        else if (tag == kBoolTag)
            wanted = ResolvedScalar::Kind::Bool;
        else if (tag == kIntTag)
            wanted = ResolvedScalar::Kind::Integer;
        else if (tag == kFloatTag)
            wanted = ResolvedScalar::Kind::Float;
        if (!wanted) {
            // Other tags (!!binary, !!timestamp, application tags) say nothing JSON can express.
            out = fromUtf8(text);
            return true;
        }
        if (resolved.kind == *wanted) {
            out = resolved.value;
            return true;
        }
        if (*wanted == ResolvedScalar::Kind::Float && resolved.kind == ResolvedScalar::Kind::Integer) {
            out = QJsonValue(resolved.value.toDouble());
            return true;
        }
        if (*wanted == ResolvedScalar::Kind::Float && resolved.kind == ResolvedScalar::Kind::NonFinite)
            return fail(node.Mark(), u"%1 cannot be represented in JSON"_s.arg(fromUtf8(text)));
        return fail(node.Mark(), u"cannot decode %1 as %2"_s.arg(goQuote(fromUtf8(text)), shortTag(tag)));
    }

    bool convertSequence(const YAML::Node &node, int depth, QJsonValue &out, int &height)
    {
        QJsonArray array;
        int childHeight = 0;
        for (const auto &item : node) {
            QJsonValue value;
            if (!convert(item, depth + 1, value, childHeight))
                return false;
            height = std::max(height, childHeight);
            array.append(value);
        }
        ++height;
        out = array;
        return true;
    }

    static bool isMergeKey(const YAML::Node &key)
    {
        return key.IsScalar() && key.Scalar() == "<<" && (key.Tag() == kPlainTag || key.Tag() == kMergeTag);
    }

    bool convertMapping(const YAML::Node &node, int depth, QJsonValue &out, int &height)
    {
        std::vector<Entry> entries;
        entries.reserve(node.size());
        std::vector<QJsonObject> mergeSources;
        std::optional<YAML::Mark> mergeKeyMark;
        qsizetype order = 0;
        int childHeight = 0;
        for (const auto &pair : node) {
            const YAML::Node &key = pair.first;
            if (!spendNodes(1, key.Mark()))
                return false;
            if (key.IsNull())
                return fail(key.Mark(), u"mapping key is null"_s);
            if (!key.IsScalar()) {
                return fail(key.Mark(), u"mapping key must be a scalar, not a %1"_s.arg(
                                            key.IsMap() ? u"mapping"_s : u"sequence"_s));
            }
            if (isMergeKey(key)) {
                if (mergeKeyMark)
                    return fail(key.Mark(), u"duplicate key %1"_s.arg(goQuote(u"<<"_s)));
                mergeKeyMark = key.Mark();
                if (!collectMergeSources(pair.second, depth + 1, mergeSources, childHeight))
                    return false;
                height = std::max(height, childHeight);
                continue;
            }
            Entry entry{fromUtf8(key.Scalar()), QJsonValue(), 0, order++, key.Mark()};
            if (!convert(pair.second, depth + 1, entry.value, childHeight))
                return false;
            height = std::max(height, childHeight);
            entries.push_back(std::move(entry));
        }
        ++height;
        for (std::size_t i = 0; i < mergeSources.size(); ++i) {
            const QJsonObject &source = mergeSources[i];
            for (auto it = source.constBegin(); it != source.constEnd(); ++it)
                entries.push_back(Entry{it.key(), it.value(), int(i) + 1, order++, *mergeKeyMark});
        }

        // Sorting puts equal keys next to each other, best source first, and lets QJsonObject append
        // instead of inserting in the middle (which is quadratic for big mappings).
        std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
            return std::tie(a.key, a.source, a.order) < std::tie(b.key, b.source, b.order);
        });
        const Entry *firstDuplicate = nullptr;
        for (std::size_t i = 1; i < entries.size(); ++i) {
            const Entry &previous = entries[i - 1];
            const Entry &current = entries[i];
            if (current.source == 0 && previous.source == 0 && current.key == previous.key
                && (!firstDuplicate || current.order < firstDuplicate->order)) {
                firstDuplicate = &current;
            }
        }
        if (firstDuplicate)
            return fail(firstDuplicate->mark, u"duplicate key %1"_s.arg(goQuote(firstDuplicate->key)));

        QJsonObject object;
        const QString *lastKey = nullptr;
        for (const Entry &entry : entries) {
            if (lastKey && *lastKey == entry.key)
                continue; // an explicit key, or an earlier merged mapping, wins
            object.insert(entry.key, entry.value);
            lastKey = &entry.key;
        }
        out = object;
        return true;
    }

    // `<<: *base` or `<<: [*first, *second]`: the mappings to merge, earliest (strongest) first.
    // `depth` is the nesting level of `value`; `height` receives the collection levels in it.
    bool collectMergeSources(const YAML::Node &value, int depth, std::vector<QJsonObject> &sources,
                             int &height)
    {
        const QString wrongKind = u"a merge key (<<) needs a mapping or a list of mappings"_s;
        if (value.IsMap()) {
            QJsonValue converted;
            if (!convert(value, depth, converted, height))
                return false;
            sources.push_back(converted.toObject());
            return true;
        }
        if (!value.IsSequence())
            return fail(value.Mark(), wrongKind);
        if (!spendNodes(1, value.Mark()) || !checkDepth(value.Mark(), depth))
            return false;
        int itemHeight = 0;
        for (const auto &item : value) {
            if (!item.IsMap())
                return fail(item.Mark(), wrongKind);
            QJsonValue converted;
            if (!convert(item, depth + 1, converted, itemHeight))
                return false;
            height = std::max(height, itemHeight);
            sources.push_back(converted.toObject());
        }
        ++height;
        return true;
    }

    qint64 m_nodeBudget;
    qint64 m_spentNodes = 0;
    std::unordered_map<const void *, Converted> m_converted;
    std::optional<Error> m_error;
};

// What the JSON fast path needs to know before trusting QJsonDocument: how deep the text nests, and
// how many members its objects have (QJsonDocument silently keeps only the last of duplicate keys).
struct JsonTextShape
{
    int maxDepth = 0;
    qsizetype members = 0;
};

JsonTextShape scanJsonText(const QByteArray &text, qsizetype start)
{
    JsonTextShape shape;
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '{':
        case '[':
            shape.maxDepth = std::max(shape.maxDepth, ++depth);
            break;
        case '}':
        case ']':
            --depth;
            break;
        case ':':
            ++shape.members; // outside strings, a colon in valid JSON separates a key from its value
            break;
        default:
            break;
        }
    }
    return shape;
}

// Members of all objects in `value`; -1 when nested deeper than the limit (never, after the scan).
qsizetype countMembers(const QJsonValue &value, int depth)
{
    if (depth > kMaxDepth)
        return -1;
    qsizetype count = 0;
    const auto add = [&](const QJsonValue &child) {
        const qsizetype childCount = countMembers(child, depth + 1);
        if (childCount < 0 || count < 0)
            count = -1;
        else
            count += childCount;
    };
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        count += object.size();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            add(it.value());
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array)
            add(item);
    }
    return count;
}

// A complete JSON text is read by QJsonDocument: faster, and numbers stay exact. Anything unusual
// (not JSON, too deep, duplicate keys) goes to the YAML path, which reports problems with positions.
std::optional<YamlDocument> readJsonText(const QByteArray &text)
{
    qsizetype start = 0;
    while (start < text.size()
           && (text[start] == ' ' || text[start] == '\t' || text[start] == '\n' || text[start] == '\r')) {
        ++start;
    }
    if (start == text.size() || (text[start] != '{' && text[start] != '['))
        return std::nullopt;
    const JsonTextShape shape = scanJsonText(text, start);
    if (shape.maxDepth > kMaxDepth)
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return std::nullopt;
    const QJsonValue value
        = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    if (countMembers(value, 1) != shape.members)
        return std::nullopt;
    const int line = 1 + static_cast<int>(text.left(start).count('\n'));
    return YamlDocument{value, line};
}

Result<QList<YamlDocument>> readYamlText(const QByteArray &text)
{
    std::string yaml(text.constData(), static_cast<std::size_t>(text.size()));
    // A lone CR is a line break in YAML (old Mac files), but yaml-cpp reads it as text. Making it LF
    // keeps every byte offset and changes no value: YAML turns line breaks in scalars into LF anyway.
    for (std::size_t i = 0; i < yaml.size(); ++i) {
        if (yaml[i] == '\r' && (i + 1 == yaml.size() || yaml[i + 1] != '\n'))
            yaml[i] = '\n';
    }
    // yaml-cpp accepts a quoted scalar left open at the end of the stream if a line break ends the
    // text: `a: "open` + newline reads as "open ". A comment after that line break changes no value
    // (block scalars included) but makes yaml-cpp report the missing quote.
    if (!yaml.empty() && (yaml.back() == '\n' || yaml.back() == '\r'))
        yaml += '#';
    std::vector<YAML::Node> roots;
    try {
        roots = YAML::LoadAll(yaml);
    } catch (const YAML::DeepRecursion &e) {
        return errorAt(e.mark, u"nesting is too deep"_s); // yaml-cpp's own message is "bad file"
    } catch (const YAML::Exception &e) {
        YAML::Mark mark = e.mark;
        if (mark.pos > text.size()) { // in the comment added above: point at the end of the text
            mark.column -= mark.pos - static_cast<int>(text.size());
            mark.pos = static_cast<int>(text.size());
        }
        return errorAt(mark, fromUtf8(e.msg));
    }

    NodeConverter converter(kNodeBudget + text.size());
    QList<YamlDocument> documents;
    for (const YAML::Node &root : roots) {
        if (!root.IsDefined() || root.IsNull())
            continue;
        YamlDocument document;
        if (!converter.convertDocument(root, document.value))
            return converter.error();
        document.line = root.Mark().is_null() ? 0 : root.Mark().line + 1;
        documents.append(document);
    }
    return documents;
}

} // namespace

Result<QList<YamlDocument>> YamlReader::readAll(const QByteArray &text)
{
    // yaml-cpp reports errors by throwing, and allocation can throw anywhere; none of it may leave.
    try {
        if (std::optional<YamlDocument> json = readJsonText(text))
            return QList<YamlDocument>{*json};
        return readYamlText(text);
    } catch (const YAML::Exception &e) {
        return errorAt(e.mark, fromUtf8(e.msg));
    } catch (const std::exception &e) {
        return Error{u"cannot read YAML: %1"_s.arg(QString::fromUtf8(e.what()))};
    } catch (...) {
        return Error{u"cannot read YAML: unknown error"_s};
    }
}

} // namespace locust::serialization
