#pragma once

#include <QJsonValue>

#include <string_view>

namespace locust::serialization {

// What a plain (unquoted, untagged) YAML scalar means to kubectl. kubectl decodes YAML with go-yaml v2,
// which follows YAML 1.1: `yes` and `on` are booleans, `012` is octal, `1_000` is an integer, and so
// on. The reader types scalars with this, and the writer asks it whether a string may be written
// unquoted, so the two cannot disagree about what a plain scalar means.
struct ResolvedScalar
{
    enum class Kind {
        Null,
        Bool,
        Integer,   // value is a qint64, or a double for values above INT64_MAX (up to UINT64_MAX)
        Float,
        NonFinite, // .inf, -.inf, .nan: YAML floats that JSON cannot represent; value is unused
        Timestamp, // starts like a YAML timestamp (YYYY-); kubectl keeps these as text; value unused
        String,    // value is unused: the text itself is the string
    };

    Kind kind = Kind::String;
    QJsonValue value;
};

class YamlScalarResolver
{
public:
    // `text` is the scalar's UTF-8 text exactly as the YAML parser produced it.
    static ResolvedScalar resolvePlain(std::string_view text);
};

} // namespace locust::serialization
