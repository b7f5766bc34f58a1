// Package model holds the report-version types that ingest, review, auth,
// analytics and store all speak: a commune's report version, its indicator
// values and the file it came from. It has no behaviour and no database, so
// a package that only needs the types does not import the store.
package model

import (
	"time"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
)

// Report statuses.
const (
	StatusDraft      = "draft"
	StatusPublished  = "published"
	StatusSuperseded = "superseded"
	// StatusWithdrawn is a draft its commune took back before a decision.
	StatusWithdrawn = "withdrawn"
)

// Value methods: how a figure was obtained.
const (
	MethodExtracted = "extracted"
	MethodTyped     = "typed"
	MethodImported  = "imported"
	MethodCorrected = "corrected"
)

// Report is one submitted version of a commune's report for a period.
type Report struct {
	ID          string        `json:"id"`
	Era         period.Era    `json:"era"`
	Commune     string        `json:"commune"`
	Period      period.Period `json:"period"`
	Version     uint32        `json:"version"`
	Status      string        `json:"status"`
	SourceKind  string        `json:"source_kind"` // txt, docx, json, csv, xlsx, form, demo
	FileName    string        `json:"file_name,omitempty"`
	ContentHash string        `json:"content_hash,omitempty"`
	SubmittedBy string        `json:"submitted_by"`
	SubmittedAt time.Time     `json:"submitted_at"`
	PublishedBy string        `json:"published_by,omitempty"`
	PublishedAt time.Time     `json:"published_at,omitzero"`
	// BasedOn is the version a correction or a restore was made from (0 for
	// a version as received).
	BasedOn  uint32   `json:"based_on,omitempty"`
	Note     string   `json:"note,omitempty"`
	Warnings []string `json:"warnings"`
	// Conflicts are the indicators the extraction found stated more than
	// once with different values, each with its candidates, for a person to
	// settle.
	Conflicts []Conflict `json:"conflicts,omitempty"`
	// Decision is how the version was published: the rules that failed,
	// and the override or acknowledgement that let it through.
	Decision *Decision `json:"decision,omitempty"`
}

// Conflict is an indicator stated more than once with different values.
type Conflict struct {
	Code       string  `json:"code"`
	Candidates []Value `json:"candidates"`
}

// Decision records a publish: who let which failures through, and why.
type Decision struct {
	// Failures are the validation rules the version failed when published.
	Failures []catalogue.Failure `json:"failures,omitempty"`
	// Override is set when an officer published despite an error-severity
	// rule; Reason says why (required then).
	Override bool   `json:"override,omitempty"`
	Reason   string `json:"reason,omitempty"`
	// Acknowledged is set when warnings were read and accepted.
	Acknowledged bool `json:"acknowledged,omitempty"`
}

// Value is one indicator value of a report version.
type Value struct {
	Indicator  string    `json:"code"`
	Value      float64   `json:"value"`
	Unit       string    `json:"unit,omitempty"`
	Evidence   string    `json:"evidence,omitempty"`
	Start      int       `json:"start"`
	End        int       `json:"end"`
	Confidence float64   `json:"confidence"`
	Method     string    `json:"method"`
	CreatedBy  string    `json:"created_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// File is what a commune sent, kept byte for byte, with its normalised text.
type File struct {
	Hash       string
	Name       string
	Bytes      []byte
	Text       string
	ReceivedAt time.Time
}

// Version is one report version with its values, for batch writes.
type Version struct {
	Report Report
	Values []Value
}

// ReportFilter selects report versions; empty fields match all.
type ReportFilter struct {
	Era      period.Era
	Communes []string
	Period   string
	Status   string
	ID       string
	Hash     string
	Limit    int
}
