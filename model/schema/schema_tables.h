#pragma once
// The generated tables behind schema.h. Only schema.cpp and the generated file include this.

#include <cstddef>
#include <iterator>

#include "schema/schema.h"

namespace gs::schema::tables {

extern const Schema kSchemas[];
extern const Property kProperties[];
extern const char* const kStrings[];
extern const KindSchema kKinds[];
extern const char* const kRuleMessages[];
extern const std::size_t kSchemaCount;
extern const std::size_t kPropertyCount;
extern const std::size_t kStringCount;
extern const std::size_t kKindCount;
extern const std::size_t kRuleMessageCount;
extern const char* const kGatewayApiVersion;

}  // namespace gs::schema::tables
