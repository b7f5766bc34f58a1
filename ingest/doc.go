// Package ingest turns what communes send into stored report versions:
// narrative reports (read by ingest/docread, indicators found by
// ingest/extract), structured JSON, a typed form, filled Excel/CSV tables.
// Every path goes through one write (SubmitBatch): checked first, version
// numbers claimed across processes, files kept byte for byte, nothing
// deleted. A submission that meets an unreachable database is spooled on
// disk (fsynced before "accepted") and loaded once ClickHouse is back.
package ingest
