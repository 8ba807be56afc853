#include "lake/s3_api/s3_xml.h"

#include "lake/errors.h"

namespace millrace::lake::s3 {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\r': out += "&#13;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

XmlWriter::XmlWriter(std::string_view root, bool with_namespace) : root_(root) {
  out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<";
  out_ += root;
  if (with_namespace) {
    out_ += " xmlns=\"";
    out_ += kS3Namespace;
    out_ += "\"";
  }
  out_ += ">";
}

XmlWriter& XmlWriter::Open(std::string_view name) {
  out_.append("<").append(name).append(">");
  return *this;
}

XmlWriter& XmlWriter::Close(std::string_view name) {
  out_.append("</").append(name).append(">");
  return *this;
}

XmlWriter& XmlWriter::Element(std::string_view name, std::string_view text) {
  out_.append("<").append(name).append(">").append(XmlEscape(text)).append("</").append(name).append(">");
  return *this;
}

std::string XmlWriter::Finish() {
  out_.append("</").append(root_).append(">");
  return std::move(out_);
}

const XmlElement* XmlElement::Child(std::string_view child) const {
  for (const auto& c : children) {
    if (c.name == child) return &c;
  }
  return nullptr;
}

namespace {

Status Malformed(std::string_view why) {
  return LakeError(LakeErrc::kMalformedXML,
                   "The XML you provided was not well-formed or did not validate against our "
                   "published schema: " + std::string(why));
}

class XmlParser {
 public:
  explicit XmlParser(std::string_view doc) : doc_(doc) {}

  Result<XmlElement> Document() {
    SkipProlog();
    MR_ASSIGN_OR_RETURN(XmlElement root, Element(0));
    SkipSpace();
    while (pos_ < doc_.size() && doc_.substr(pos_, 4) == "<!--") MR_RETURN_IF_ERROR(SkipComment());
    SkipSpace();
    if (pos_ != doc_.size()) return Malformed("content after the root element");
    return root;
  }

 private:
  void SkipSpace() {
    while (pos_ < doc_.size() && (doc_[pos_] == ' ' || doc_[pos_] == '\n' || doc_[pos_] == '\r' ||
                                  doc_[pos_] == '\t')) {
      ++pos_;
    }
  }
  Status SkipComment() {
    size_t end = doc_.find("-->", pos_);
    if (end == std::string_view::npos) return Malformed("unterminated comment");
    pos_ = end + 3;
    return Status::Ok();
  }
  void SkipProlog() {
    SkipSpace();
    if (doc_.substr(pos_, 5) == "<?xml") {
      size_t end = doc_.find("?>", pos_);
      pos_ = end == std::string_view::npos ? doc_.size() : end + 2;
    }
    SkipSpace();
  }
  static std::string LocalName(std::string_view qname) {
    size_t colon = qname.find(':');
    return std::string(colon == std::string_view::npos ? qname : qname.substr(colon + 1));
  }
  Result<std::string> Unescape(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '&') {
        out.push_back(text[i]);
        continue;
      }
      size_t semi = text.find(';', i);
      if (semi == std::string_view::npos) return Malformed("bad entity");
      std::string_view entity = text.substr(i + 1, semi - i - 1);
      if (entity == "amp") out.push_back('&');
      else if (entity == "lt") out.push_back('<');
      else if (entity == "gt") out.push_back('>');
      else if (entity == "quot") out.push_back('"');
      else if (entity == "apos") out.push_back('\'');
      else if (!entity.empty() && entity[0] == '#') {
        unsigned long code = entity.size() > 1 && entity[1] == 'x'
                                 ? std::stoul(std::string(entity.substr(2)), nullptr, 16)
                                 : std::stoul(std::string(entity.substr(1)));
        if (code < 0x80) {
          out.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (code >> 6)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else if (code < 0x10000) {
          out.push_back(static_cast<char>(0xE0 | (code >> 12)));
          out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
          out.push_back(static_cast<char>(0xF0 | (code >> 18)));
          out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
      } else {
        return Malformed("unknown entity");
      }
      i = semi;
    }
    return out;
  }
  Result<XmlElement> Element(int depth) {
    if (depth > 16) return Malformed("too deeply nested");
    if (pos_ >= doc_.size() || doc_[pos_] != '<') return Malformed("expected an element");
    size_t end = doc_.find('>', pos_);
    if (end == std::string_view::npos) return Malformed("unterminated tag");
    std::string_view tag = doc_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    bool self_closing = !tag.empty() && tag.back() == '/';
    if (self_closing) tag.remove_suffix(1);
    size_t space = tag.find_first_of(" \t\r\n");
    XmlElement element;
    element.name = LocalName(tag.substr(0, space));
    if (element.name.empty()) return Malformed("empty tag name");
    if (self_closing) return element;
    std::string raw_text;
    for (;;) {
      size_t lt = doc_.find('<', pos_);
      if (lt == std::string_view::npos) return Malformed("unterminated element " + element.name);
      raw_text.append(doc_.substr(pos_, lt - pos_));
      pos_ = lt;
      if (doc_.substr(pos_, 4) == "<!--") {
        MR_RETURN_IF_ERROR(SkipComment());
      } else if (doc_.substr(pos_, 2) == "</") {
        size_t close = doc_.find('>', pos_);
        if (close == std::string_view::npos) return Malformed("unterminated end tag");
        std::string name = LocalName(doc_.substr(pos_ + 2, close - pos_ - 2));
        while (!name.empty() && (name.back() == ' ' || name.back() == '\n')) name.pop_back();
        if (name != element.name) return Malformed("mismatched end tag " + name);
        pos_ = close + 1;
        break;
      } else {
        MR_ASSIGN_OR_RETURN(XmlElement child, Element(depth + 1));
        element.children.push_back(std::move(child));
      }
    }
    MR_ASSIGN_OR_RETURN(element.text, Unescape(raw_text));
    return element;
  }

  std::string_view doc_;
  size_t pos_ = 0;
};

}  // namespace

Result<XmlElement> ParseXml(std::string_view document) {
  try {
    return XmlParser(document).Document();
  } catch (const std::exception&) {  // std::stoul on a garbled character reference
    return Malformed("bad character reference");
  }
}

}  // namespace millrace::lake::s3
