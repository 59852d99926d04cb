package web

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3gen"
)

// The OpenAPI document is generated from the Go types the handlers decode
// and encode (apiRoute.Request and apiRoute.Response), so it cannot drift
// from what the API does. Struct tags add what Go types cannot say:
// description, enum (comma-separated), example and format; the request
// types' validate tags (required, oneof, min, max) become the schema's
// constraints, the same rules the handler enforces.

var (
	dateType    = reflect.TypeFor[Date]()
	instantType = reflect.TypeFor[Instant]()
)

// customizeSchema applies a field's tags to its generated schema.
func customizeSchema(_ string, t reflect.Type, tag reflect.StructTag, s *openapi3.Schema) error {
	switch t {
	case dateType:
		s.Format = "date"
	case instantType:
		s.Format = "date-time"
	}
	if t.Kind() == reflect.Struct {
		return nil // a shared component: its fields carry the descriptions
	}
	if d := tag.Get("description"); d != "" {
		s.Description = d
	}
	if f := tag.Get("format"); f != "" && t.Kind() == reflect.String {
		s.Format = f
	}
	if t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		if max, ok := validateRule(tag, "max"); ok && t.Kind() == reflect.Slice {
			if n, err := strconv.ParseUint(max, 10, 64); err == nil {
				s.MaxItems = &n
			}
		}
		return nil
	}
	if e := tag.Get("enum"); e != "" && t.Kind() == reflect.String {
		s.Enum = nil
		for _, v := range strings.Split(e, ",") {
			s.Enum = append(s.Enum, v)
		}
	}
	if ex := tag.Get("example"); ex != "" {
		s.Example = exampleValue(t, ex)
	}
	if v, ok := validateRule(tag, "oneof"); ok && t.Kind() == reflect.String {
		s.Enum = nil
		for _, o := range strings.Fields(v) {
			s.Enum = append(s.Enum, o)
		}
		if _, omit := validateRule(tag, "omitempty"); omit {
			s.Enum = append(s.Enum, "")
		}
	}
	for _, bound := range []string{"min", "max"} {
		v, ok := validateRule(tag, bound)
		if !ok {
			continue
		}
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			continue
		}
		switch t.Kind() {
		case reflect.String:
			u := uint64(n)
			if bound == "min" {
				s.MinLength = u
			} else {
				s.MaxLength = &u
			}
		case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64:
			if bound == "min" {
				s.Min = &n
			} else {
				s.Max = &n
			}
		}
	}
	return nil
}

// validateRule returns the argument of rule in the validate tag, before any
// dive, and whether the rule is there.
func validateRule(tag reflect.StructTag, rule string) (string, bool) {
	v := tag.Get("validate")
	if i := strings.Index(v, "dive"); i >= 0 {
		v = v[:i]
	}
	for _, r := range strings.Split(v, ",") {
		name, arg, _ := strings.Cut(r, "=")
		if name == rule {
			return arg, true
		}
	}
	return "", false
}

// exampleValue parses an example tag as the field's kind.
func exampleValue(t reflect.Type, ex string) any {
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n, err := strconv.ParseInt(ex, 10, 64); err == nil {
			return n
		}
	case reflect.Bool:
		return ex == "true"
	}
	return ex
}

// componentName names a type's schema: unexported request types lose
// their api prefix and gain a capital (apiOrderBody is OrderBody).
func componentName(t reflect.Type) string {
	n := strings.TrimPrefix(t.Name(), "api")
	if n == "" {
		return ""
	}
	return strings.ToUpper(n[:1]) + n[1:]
}

// schemaBuilder generates schemas into one set of components.
type schemaBuilder struct {
	gen     *openapi3gen.Generator
	schemas openapi3.Schemas
	done    map[reflect.Type]bool
}

func newSchemaBuilder() *schemaBuilder {
	return &schemaBuilder{
		gen: openapi3gen.NewGenerator(openapi3gen.SchemaCustomizer(customizeSchema), openapi3gen.CreateTypeNameGenerator(componentName),
			openapi3gen.CreateComponentSchemas(openapi3gen.ExportComponentSchemasOptions{ExportComponentSchemas: true, ExportTopLevelSchema: true})),
		schemas: openapi3.Schemas{},
		done:    map[reflect.Type]bool{},
	}
}

// ref returns the schema of v's type, adding its components; request says
// whether v is read (required from validate tags) or written (every field
// without omitempty is always there).
func (b *schemaBuilder) ref(v any, request bool) (*openapi3.SchemaRef, error) {
	ref, err := b.gen.NewSchemaRefForValue(v, b.schemas)
	if err != nil {
		return nil, fmt.Errorf("schema of %T: %w", v, err)
	}
	b.finish(reflect.TypeOf(v), request)
	return ref, nil
}

// finish walks t's structs once: it lists their required fields and makes
// a pointer to a struct a nullable reference.
func (b *schemaBuilder) finish(t reflect.Type, request bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || b.done[t] {
		return
	}
	b.done[t] = true
	comp := b.schemas[componentName(t)]
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			b.finish(f.Type, request)
			continue
		}
		if name == "" {
			name = f.Name
		}
		b.finish(f.Type, request)
		if comp == nil || comp.Value == nil {
			continue
		}
		_, required := validateRule(f.Tag, "required")
		required = required || f.Tag.Get("required") == "true"
		if !request {
			required = !strings.Contains(opts, "omitempty")
		}
		if required && !slices.Contains(comp.Value.Required, name) {
			comp.Value.Required = append(comp.Value.Required, name)
		}
		// A reference cannot carry siblings in OpenAPI 3.0: a nullable or
		// described field wraps its type in allOf.
		prop := comp.Value.Properties[name]
		desc := f.Tag.Get("description")
		if prop != nil && prop.Ref != "" && (f.Type.Kind() == reflect.Pointer || desc != "") {
			comp.Value.Properties[name] = &openapi3.SchemaRef{Value: &openapi3.Schema{Nullable: f.Type.Kind() == reflect.Pointer,
				Description: desc, AllOf: openapi3.SchemaRefs{prop}}}
		}
	}
}

var (
	openAPIOnce sync.Once
	openAPIDoc  *openapi3.T
	openAPIErr  error
)

// OpenAPI returns the API's OpenAPI 3 document, generated once and loaded
// back, so that its references are resolved as a client would see them.
func OpenAPI() (*openapi3.T, error) {
	openAPIOnce.Do(func() {
		doc, err := buildOpenAPI()
		if err != nil {
			openAPIErr = err
			return
		}
		src, err := json.Marshal(doc)
		if err != nil {
			openAPIErr = fmt.Errorf("encode openapi: %w", err)
			return
		}
		if openAPIDoc, err = openapi3.NewLoader().LoadFromData(src); err != nil {
			openAPIErr = fmt.Errorf("load openapi: %w", err)
		}
	})
	return openAPIDoc, openAPIErr
}
