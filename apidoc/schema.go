package apidoc

import (
	"encoding"
	"reflect"
	"strings"
	"time"
)

// schemas builds JSON Schemas (OpenAPI 3.0 flavour) from Go types as
// encoding/json writes them: one component per named struct, referenced
// where it is used, so that the document describes exactly what is sent.
type schemas struct {
	components map[string]any
	names      map[reflect.Type]string
}

func newSchemas() *schemas {
	return &schemas{components: map[string]any{}, names: map[reflect.Type]string{}}
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// of returns the schema of t (a $ref for a named struct).
func (s *schemas) of(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType):
		return map[string]any{"type": "string"} // period codes and the like
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := s.of(t.Elem())
		return nullable(inner)
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		// A nil slice is written as null.
		return map[string]any{"type": "array", "items": s.of(t.Elem()), "nullable": true}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": s.of(t.Elem()), "nullable": true}
	case reflect.Interface:
		return map[string]any{} // any JSON value
	case reflect.Struct:
		if t.Name() == "" {
			return s.object(t)
		}
		name := s.componentName(t)
		if _, done := s.components[name]; !done {
			s.components[name] = map[string]any{} // a recursive type finds its own name
			s.components[name] = s.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// componentName names a struct's component: its type name, with its
// package's name when two types share a name.
func (s *schemas) componentName(t reflect.Type) string {
	if n, ok := s.names[t]; ok {
		return n
	}
	name := exportedName(t.Name())
	for other, n := range s.names {
		if n == name && other != t {
			pkg := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
			name = exportedName(pkg) + name
		}
	}
	s.names[t] = name
	return name
}

func exportedName(n string) string {
	if n == "" {
		return n
	}
	return strings.ToUpper(n[:1]) + n[1:]
}

// object is a struct's schema: its JSON fields, those without omitempty
// required, embedded structs' fields lifted as encoding/json does.
func (s *schemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	s.fields(t, props, &required)
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

func (s *schemas) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				s.fields(et, props, required)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = s.of(f.Type)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}

// nullable allows null besides the schema (a $ref cannot carry siblings in
// OpenAPI 3.0, hence allOf).
func nullable(sch map[string]any) map[string]any {
	if _, ok := sch["$ref"]; ok {
		return map[string]any{"allOf": []any{sch}, "nullable": true}
	}
	out := map[string]any{}
	for k, v := range sch {
		out[k] = v
	}
	out["nullable"] = true
	return out
}
