// The XML that S3 speaks: a small writer for response documents and a reader for the few request
// bodies S3 takes (DeleteObjects, CompleteMultipartUpload). Not a general XML parser: elements,
// text and the five predefined entities; attributes, comments and CDATA are skipped or rejected.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace millrace::lake::s3 {

inline constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

std::string XmlEscape(std::string_view text);

// Builds a document: Open/Close nest, Element writes <name>escaped text</name>.
class XmlWriter {
 public:
  explicit XmlWriter(std::string_view root, bool with_namespace = true);
  XmlWriter& Open(std::string_view name);
  XmlWriter& Close(std::string_view name);
  XmlWriter& Element(std::string_view name, std::string_view text);
  // Closes the root and returns the document. REQUIRES: called once.
  std::string Finish();

 private:
  std::string root_;
  std::string out_;
};

// A parsed element: its name (without namespace prefix), text and children.
struct XmlElement {
  std::string name;
  std::string text;
  std::vector<XmlElement> children;
  // The first child named `name`, or nullptr.
  const XmlElement* Child(std::string_view name) const;
};

// Parses a small document (MalformedXML on error).
Result<XmlElement> ParseXml(std::string_view document);

}  // namespace millrace::lake::s3
