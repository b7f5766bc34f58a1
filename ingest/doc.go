// Package ingest reads commune reports (báo cáo bình đẳng giới và VSTBCPN)
// from .docx and .txt files, normalises their text and extracts the report's
// header fields and catalogue indicators with the sentence each came from.
//
// ReadDocument turns an upload into NFC text (UTF-8, UTF-16, legacy TCVN3
// and VNI, .docx paragraphs and table rows); Extract reads that text;
// ExtractFile does both. Every value keeps its evidence: the sentence it
// came from and its rune offsets in the normalised text, so a reviewer can
// see it highlighted. Figures that are comparisons, targets, references or
// about other places are left out, and a figure stated twice with different
// values is a conflict for a person to settle, never a guess.
package ingest
