#include "lake/s3_api/s3_xml.h"

#include <gtest/gtest.h>

#include "lake/errors.h"

namespace millrace::lake::s3 {
namespace {

TEST(S3Xml, WriterEscapes) {
  XmlWriter xml("Root", false);
  xml.Open("A").Element("Key", "a<b>&\"c'").Close("A");
  EXPECT_EQ(xml.Finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Root><A><Key>a&lt;b&gt;&amp;&quot;c&apos;"
            "</Key></A></Root>");
}

TEST(S3Xml, ParsesRequestDocuments) {
  auto doc = ParseXml(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n"
      "  <Part><ETag>&quot;abc&quot;</ETag><PartNumber>1</PartNumber></Part>\n"
      "  <!-- comment --><Part><ETag>\"def\"</ETag><PartNumber>2</PartNumber></Part>\n"
      "  <Empty/>"
      "</CompleteMultipartUpload>");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->name, "CompleteMultipartUpload");
  ASSERT_EQ(doc->children.size(), 3u);
  EXPECT_EQ(doc->children[0].Child("ETag")->text, "\"abc\"");
  EXPECT_EQ(doc->children[1].Child("PartNumber")->text, "2");
  EXPECT_EQ(doc->children[2].name, "Empty");
  EXPECT_EQ(ParseXml("<a>x &#233; &#x41;</a>")->text, "x \xc3\xa9 A");
}

TEST(S3Xml, RejectsMalformed) {
  for (const char* bad : {"", "<a>", "<a></b>", "<a>x</a><b/>", "<a>&bogus;</a>", "<a>&#zz;</a>",
                          "text"}) {
    auto doc = ParseXml(bad);
    ASSERT_FALSE(doc.ok()) << bad;
    EXPECT_EQ(S3ErrorOf(doc.status()).code, LakeErrc::kMalformedXML) << bad;
  }
}

}  // namespace
}  // namespace millrace::lake::s3
