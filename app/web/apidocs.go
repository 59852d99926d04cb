package web

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// apiDocsPage renders the OpenAPI document for people, server-side, so it
// needs no script and no CDN.
var apiDocsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body{font:14px/1.6 system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f5f5f5}code{background:#f3f3f3;padding:0 3px}.m{font-weight:bold;font-family:monospace}
.GET{color:#0a6}.POST{color:#06c}.PATCH{color:#a60}.DELETE{color:#c00}h3{margin-top:2em}pre{white-space:pre-wrap}
</style></head><body>
<h1>{{.Title}}</h1><pre>{{.Description}}</pre>
<p>机器可读的文档：<a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p>
<h2>接口</h2>
<table><tr><th>方法</th><th>路径</th><th>说明</th><th>参数</th><th>请求体</th><th>成功响应</th></tr>
{{range .Ops}}<tr><td class="m {{.Method}}">{{.Method}}</td><td><code>{{.Path}}</code></td><td>{{.Summary}}</td>
<td>{{range .Params}}<code>{{.Name}}</code> {{.Desc}}<br>{{end}}</td>
<td>{{if .Request}}<a href="#{{.Request}}">{{.Request}}</a>{{end}}</td>
<td>{{.Status}} {{if .Response}}<a href="#{{.Response}}">{{.Response}}</a>{{end}}</td></tr>
{{end}}</table>
<h2>数据结构</h2>
{{range .Schemas}}<h3 id="{{.Name}}">{{.Name}}</h3>
<table><tr><th>字段</th><th>类型</th><th>必有</th><th>说明</th></tr>
{{range .Fields}}<tr><td><code>{{.Name}}</code></td><td>{{if .Ref}}<a href="#{{.Ref}}">{{.Type}}</a>{{else}}{{.Type}}{{end}}</td><td>{{if .Required}}是{{end}}</td><td>{{.Desc}}</td></tr>
{{end}}</table>
{{end}}</body></html>`))

type docsOp struct {
	Method, Path, Summary, Request, Response, Status string
	Params                                           []struct{ Name, Desc string }
}

type docsField struct {
	Name, Type, Ref, Desc string
	Required              bool
}

type docsSchema struct {
	Name   string
	Fields []docsField
}

func (s *Server) apiDocs(w http.ResponseWriter, r *http.Request) error {
	doc, err := OpenAPI()
	if err != nil {
		return err
	}
	data := struct {
		Title, Description string
		Ops                []docsOp
		Schemas            []docsSchema
	}{Title: doc.Info.Title, Description: doc.Info.Description}
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			o := docsOp{Method: method, Path: path, Summary: op.Summary}
			for _, p := range op.Parameters {
				o.Params = append(o.Params, struct{ Name, Desc string }{p.Value.Name, p.Value.Description + enumText(p.Value.Schema)})
			}
			if op.RequestBody != nil {
				o.Request = refName(op.RequestBody.Value.Content.Get("application/json").Schema)
			}
			for _, code := range []int{200, 201} {
				if resp := op.Responses.Status(code); resp != nil {
					o.Status = strconv.Itoa(code)
					for _, mt := range resp.Value.Content {
						o.Response = refName(mt.Schema)
					}
				}
			}
			data.Ops = append(data.Ops, o)
		}
	}
	slices.SortFunc(data.Ops, func(a, b docsOp) int { return strings.Compare(a.Path+" "+a.Method, b.Path+" "+b.Method) })
	for name, sr := range doc.Components.Schemas {
		ds := docsSchema{Name: name}
		for _, f := range sortedKeys(sr.Value.Properties) {
			p := sr.Value.Properties[f]
			ds.Fields = append(ds.Fields, docsField{Name: f, Type: typeText(p), Ref: refName(p), Desc: descText(p),
				Required: slices.Contains(sr.Value.Required, f)})
		}
		data.Schemas = append(data.Schemas, ds)
	}
	slices.SortFunc(data.Schemas, func(a, b docsSchema) int { return strings.Compare(a.Name, b.Name) })
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return apiDocsPage.Execute(w, data)
}

// refName is the component a schema refers to, through an array or a
// nullable wrapper, or "".
func refName(sr *openapi3.SchemaRef) string {
	switch {
	case sr == nil:
		return ""
	case sr.Ref != "":
		return strings.TrimPrefix(sr.Ref, "#/components/schemas/")
	case sr.Value == nil:
		return ""
	case sr.Value.Items != nil:
		return refName(sr.Value.Items)
	case len(sr.Value.AllOf) == 1:
		return refName(sr.Value.AllOf[0])
	}
	return ""
}

func typeText(sr *openapi3.SchemaRef) string {
	if n := refName(sr); n != "" {
		if sr.Value != nil && sr.Value.Type.Is("array") {
			return "[]" + n
		}
		if sr.Value != nil && sr.Value.Nullable {
			return n + " | null"
		}
		return n
	}
	v := sr.Value
	t := strings.Join(v.Type.Slice(), "|")
	if v.Items != nil {
		t = "[]" + typeText(v.Items)
	}
	if v.Format != "" {
		t += " (" + v.Format + ")"
	}
	if v.Nullable {
		t += " | null"
	}
	return t
}

func descText(sr *openapi3.SchemaRef) string {
	if sr.Value == nil {
		return ""
	}
	d := sr.Value.Description + enumText(sr)
	if sr.Value.Example != nil {
		d += "　例：" + jsonText(sr.Value.Example)
	}
	return d
}

func enumText(sr *openapi3.SchemaRef) string {
	if sr == nil || sr.Value == nil || len(sr.Value.Enum) == 0 {
		return ""
	}
	var vs []string
	for _, e := range sr.Value.Enum {
		vs = append(vs, jsonText(e))
	}
	return "　取值：" + strings.Join(vs, "、")
}
