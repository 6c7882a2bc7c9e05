#pragma once

#include <QString>

namespace locust {

// Quotes a string the way Go's strconv.Quote (fmt's %q) does. The reference operator's messages use
// %q, and users grep for them, so ours quote identically: printable characters are kept, `"` and `\`
// are escaped, control characters become \n, \t, \xNN, \uNNNN and so on.
QString goQuote(const QString &text);

} // namespace locust
