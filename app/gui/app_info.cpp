#include "app_info.h"

#include "schema/schema.h"

namespace gs::gui {

QString AppInfo::version() const { return QStringLiteral(GWS_VERSION); }

QString AppInfo::gatewayApiVersion() const
{
    const std::string_view v = gs::schema::gatewayApiVersion();
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

QString AppInfo::qtVersion() const { return QString::fromLatin1(qVersion()); }

}  // namespace gs::gui
