package web

import (
	"net/http"
	"strconv"
	"strings"
)

// apiRoute is one route of the JSON API. The table below registers the
// handlers and generates the OpenAPI document, so the two cannot drift.
type apiRoute struct {
	Method, Path, Summary string
	Query                 []apiParam
	Body                  map[string]any // JSON schema of the request body
	Status                int
	Produces              string // response media type; JSON when empty
	handler               func(*Server) handlerFunc
}

type apiParam struct {
	Name, Description, Type string
	Enum                    []string
}

var rankingParams = []apiParam{
	{"street", "镇街代码", "string", nil},
	{"grid", "网格代码", "string", nil},
	{"industry", "行业类别", "string", nil},
	{"grade", "信用等级", "string", []string{"A", "B", "C", "D"}},
	{"q", "企业名称的一部分，或统一社会信用代码的开头", "string", nil},
	{"sort", "排序", "string", []string{"score_desc", "score_asc"}},
	{"after", "上一页响应中的 next，用于取下一页", "string", nil},
	{"limit", "每页条数（1-500，默认50）", "integer", nil},
}

// apiRoutes is the JSON API.
var apiRoutes = []apiRoute{
	{Method: "GET", Path: "/api/v1/me", Summary: "当前令牌所属用户", Status: 200,
		handler: func(s *Server) handlerFunc { return s.apiMe }},
	{Method: "GET", Path: "/api/v1/ranking", Summary: "信用排名（筛选、排序、键集分页）", Query: rankingParams, Status: 200,
		handler: func(s *Server) handlerFunc { return s.apiRanking }},
	{Method: "GET", Path: "/api/v1/ranking/export", Summary: "按当前筛选导出信用排名（Excel）", Query: rankingParams, Status: 200,
		Produces: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		handler:  func(s *Server) handlerFunc { return s.export }},
	{Method: "GET", Path: "/api/v1/distribution", Summary: "信用等级分布（按镇街或行业）", Status: 200,
		Query:   []apiParam{{"by", "分布维度", "string", []string{"street", "industry"}}},
		handler: func(s *Server) handlerFunc { return s.apiDistribution }},
	{Method: "GET", Path: "/api/v1/enterprises/{id}", Summary: "企业档案：评分与解释、评分历史、自查、隐患整改、举报、检查", Status: 200,
		handler: func(s *Server) handlerFunc { return s.apiEnterprise }},
	{Method: "GET", Path: "/api/v1/enterprises/{id}/explanation", Summary: "企业信用评分的完整解释", Status: 200,
		handler: func(s *Server) handlerFunc { return s.apiExplanation }},
	{Method: "POST", Path: "/api/v1/enterprises/{id}/events", Summary: "记入人工信用事件（行政处罚或信用修复）并立即重算评分", Status: 201,
		Body: map[string]any{"type": "object", "required": []string{"kind", "reason"}, "properties": map[string]any{
			"kind":     map[string]any{"type": "string", "enum": []string{"penalty", "repair"}},
			"severity": map[string]any{"type": "string", "enum": []string{"一般", "较重", "严重"}, "description": "kind=penalty 时必填"},
			"points":   map[string]any{"type": "string", "description": "kind=repair 时必填，正数，最多两位小数"},
			"reason":   map[string]any{"type": "string", "minLength": 4, "maxLength": 500},
		}},
		handler: func(s *Server) handlerFunc { return s.apiAddEvent }},
	{Method: "POST", Path: "/api/v1/enterprises/{id}/bindcode", Summary: "签发一次性企业绑定码（只返回这一次）", Status: 201,
		Body: map[string]any{"type": "object", "properties": map[string]any{
			"days": map[string]any{"type": "integer", "minimum": 1, "maximum": 365, "default": 30},
		}},
		handler: func(s *Server) handlerFunc { return s.apiBindCode }},
}

// OpenAPIPaths lists "METHOD PATH" of every documented route, for tests.
func OpenAPIPaths() []string {
	out := []string{"GET /api/v1/openapi.json"}
	for _, rt := range apiRoutes {
		out = append(out, rt.Method+" "+rt.Path)
	}
	return out
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	s.writeJSON(w, http.StatusOK, openAPIDocument())
	return nil
}

// openAPIDocument builds the OpenAPI 3.0 document of apiRoutes.
func openAPIDocument() map[string]any {
	errResp := map[string]any{"description": "错误", "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	paths := map[string]any{
		"/api/v1/openapi.json": map[string]any{"get": map[string]any{
			"summary": "本文档", "security": []any{},
			"responses": map[string]any{"200": map[string]any{"description": "OpenAPI 文档"}},
		}},
	}
	for _, rt := range apiRoutes {
		op := map[string]any{"summary": rt.Summary, "operationId": operationID(rt)}
		var params []any
		if strings.Contains(rt.Path, "{id}") {
			params = append(params, map[string]any{"name": "id", "in": "path", "required": true,
				"description": "企业编号", "schema": map[string]any{"type": "integer"}})
		}
		for _, p := range rt.Query {
			schema := map[string]any{"type": p.Type}
			if p.Enum != nil {
				schema["enum"] = p.Enum
			}
			params = append(params, map[string]any{"name": p.Name, "in": "query", "description": p.Description, "schema": schema})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Body != nil {
			op["requestBody"] = map[string]any{"required": rt.Method == "POST" && rt.Body["required"] != nil,
				"content": map[string]any{"application/json": map[string]any{"schema": rt.Body}}}
		}
		media := rt.Produces
		if media == "" {
			media = "application/json"
		}
		op["responses"] = map[string]any{
			itoa(rt.Status): map[string]any{"description": "成功", "content": map[string]any{media: map[string]any{"schema": map[string]any{"type": "object"}}}},
			"400":           errResp, "401": errResp, "403": errResp, "404": errResp, "500": errResp,
		}
		item, _ := paths[rt.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Path] = item
		}
		item[strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "企业自查自报与信用监管服务 API", "version": "1",
			"description": "以 Authorization: Bearer 令牌调用（selfcheck token create --user 用户名 [--expires 90d]，或管理员在“用户管理”页签发）；令牌过期、被撤销或所属用户停用后返回 401。错误统一为 {\"error\":{\"code\",\"message\",\"fields\"}}；列表以 next 游标分页。"},
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas": map[string]any{"Error": map[string]any{"type": "object", "properties": map[string]any{
				"error": map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
					"code":    map[string]any{"type": "string", "enum": []string{"invalid", "not_found", "conflict", "forbidden", "unauthorized", "internal"}},
					"message": map[string]any{"type": "string"},
					"fields":  map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
				}},
			}}},
		},
		"security": []any{map[string]any{"bearer": []any{}}},
	}
}

func operationID(rt apiRoute) string {
	p := strings.NewReplacer("/api/v1/", "", "/", "_", "{", "", "}", "").Replace(rt.Path)
	return strings.ToLower(rt.Method) + "_" + p
}

func itoa(n int) string { return strconv.Itoa(n) }
