package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// apiRoute is one route of the JSON API. The table below registers the
// handlers and generates the OpenAPI document, so the two cannot drift.
type apiRoute struct {
	Method, Path, Summary string
	Query                 []apiParam
	Status                int
	Produces              string // response media type; JSON when empty
	// Request and Response are zero values of the Go types the handler
	// decodes and encodes; the document's schemas are generated from them.
	Request, Response any
	handler           func(*Server) handlerFunc
}

type apiParam struct {
	Name, Description, Type string
	Enum                    []string
}

var rankingParams = []apiParam{
	{"street", "镇街代码或名称", "string", nil},
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
	{Method: "GET", Path: "/api/v1/me", Summary: "当前令牌所属用户", Status: 200, Response: MeResponse{},
		handler: func(s *Server) handlerFunc { return s.apiMe }},
	{Method: "GET", Path: "/api/v1/ranking", Summary: "信用排名（筛选、排序、键集分页）", Query: rankingParams, Status: 200, Response: RankingList{},
		handler: func(s *Server) handlerFunc { return s.apiRanking }},
	{Method: "GET", Path: "/api/v1/ranking/export", Summary: "按当前筛选导出信用排名（Excel）", Query: rankingParams, Status: 200,
		Produces: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		handler:  func(s *Server) handlerFunc { return s.export }},
	{Method: "GET", Path: "/api/v1/distribution", Summary: "信用等级分布（按镇街或行业）", Status: 200, Response: DistributionV1{},
		Query:   []apiParam{{"by", "分布维度", "string", []string{"street", "industry"}}},
		handler: func(s *Server) handlerFunc { return s.apiDistribution }},
	{Method: "GET", Path: "/api/v1/enterprises/{id}", Summary: "企业档案：评分与解释、评分历史、自查、隐患整改、举报、检查", Status: 200, Response: EnterpriseFileV1{},
		handler: func(s *Server) handlerFunc { return s.apiEnterprise }},
	{Method: "GET", Path: "/api/v1/enterprises/{id}/explanation", Summary: "企业信用评分的完整解释", Status: 200, Response: ExplanationV1{},
		handler: func(s *Server) handlerFunc { return s.apiExplanation }},
	{Method: "POST", Path: "/api/v1/enterprises/{id}/events", Summary: "记入人工信用事件（行政处罚或信用修复）并立即重算评分", Status: 201, Response: LedgerEventCreated{},
		Request: apiEventBody{},
		handler: func(s *Server) handlerFunc { return s.apiAddEvent }},
	{Method: "POST", Path: "/api/v1/enterprises/{id}/bindcode", Summary: "签发一次性企业绑定码（只返回这一次）", Status: 201, Response: BindCodeV1{},
		Request: bindCodeForm{},
		handler: func(s *Server) handlerFunc { return s.apiBindCode }},
}

// OpenAPIPaths lists "METHOD PATH" of every documented route, for tests.
func OpenAPIPaths() []string {
	out := []string{"GET /api/v1/openapi.json", "GET /api/v1/docs"}
	for _, rt := range apiRoutes {
		out = append(out, rt.Method+" "+rt.Path)
	}
	return out
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	doc, err := OpenAPI()
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, doc)
	return nil
}

// apiDescription introduces the document.
const apiDescription = "以 Authorization: Bearer 令牌调用（selfcheck token create --user 用户名 [--expires 90d]，或管理员在“用户管理”页签发）；" +
	"令牌过期、被撤销或所属用户停用后返回 401。\n\n" +
	"约定：字段名一律 snake_case；日期为 YYYY-MM-DD，时刻为带时区的 RFC 3339（SELFCHECK_TZ）；代码与中文名称并列（{\"code\",\"name\"}）；" +
	"列表为 {\"items\":[…],\"next\":\"…\"}，limit 默认50、最大500，把 next 作为 after 传回取下一页，next 为空表示没有下一页；" +
	"错误统一为 {\"error\":{\"code\",\"message\",\"fields\"}}。变更订阅见 GET /api/v1/events。"

// buildOpenAPI generates the OpenAPI 3.0 document of apiRoutes.
func buildOpenAPI() (*openapi3.T, error) {
	b := newSchemaBuilder()
	errRef, err := b.ref(apiError{}, false)
	if err != nil {
		return nil, err
	}
	errResp := func(d string) *openapi3.ResponseRef {
		return &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription(d).WithJSONSchemaRef(errRef)}
	}
	doc := &openapi3.T{
		OpenAPI: "3.0.3",
		Info:    &openapi3.Info{Title: "企业自查自报与信用监管服务 API", Version: "1", Description: apiDescription},
		Paths:   openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: b.schemas, SecuritySchemes: openapi3.SecuritySchemes{
			"bearer": &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}}}},
		Security: openapi3.SecurityRequirements{{"bearer": []string{}}},
	}
	public := func(path, summary, media string) {
		schema := openapi3.NewStringSchema()
		if media == "application/json" {
			schema = openapi3.NewObjectSchema()
		}
		op := openapi3.NewOperation()
		op.Summary, op.OperationID, op.Security = summary, operationID(apiRoute{Method: "GET", Path: path}), &openapi3.SecurityRequirements{}
		op.Responses = openapi3.NewResponses(openapi3.WithStatus(200, &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription(summary).
			WithContent(openapi3.NewContentWithSchema(schema, []string{media}))}))
		doc.AddOperation(path, "GET", op)
	}
	public("/api/v1/openapi.json", "本文档（OpenAPI 3）", "application/json")
	public("/api/v1/docs", "本文档的网页版", "text/html")
	for _, rt := range apiRoutes {
		op := openapi3.NewOperation()
		op.Summary, op.OperationID = rt.Summary, operationID(rt)
		if strings.Contains(rt.Path, "{id}") {
			op.AddParameter(openapi3.NewPathParameter("id").WithDescription("记录编号").WithSchema(openapi3.NewInt64Schema().WithMin(1)))
		}
		for _, p := range rt.Query {
			schema := openapi3.NewStringSchema()
			if p.Type == "integer" {
				schema = openapi3.NewIntegerSchema()
			}
			for _, e := range p.Enum {
				schema.Enum = append(schema.Enum, e)
			}
			op.AddParameter(openapi3.NewQueryParameter(p.Name).WithDescription(p.Description).WithSchema(schema))
		}
		var body *openapi3.SchemaRef
		switch {
		case rt.Request != nil:
			body, err = b.ref(rt.Request, true)
		}
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", rt.Method, rt.Path, err)
		}
		if body != nil {
			op.RequestBody = &openapi3.RequestBodyRef{Value: openapi3.NewRequestBody().WithJSONSchemaRef(body).WithRequired(true)}
		}
		ok := openapi3.NewResponse().WithDescription("成功")
		switch {
		case rt.Produces != "":
			ok.WithContent(openapi3.NewContentWithSchema(openapi3.NewStringSchema().WithFormat("binary"), []string{rt.Produces}))
		case rt.Response != nil:
			ref, err := b.ref(rt.Response, false)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", rt.Method, rt.Path, err)
			}
			ok.WithJSONSchemaRef(ref)
		default:
			ok.WithJSONSchema(openapi3.NewObjectSchema())
		}
		op.Responses = openapi3.NewResponses(openapi3.WithStatus(rt.Status, &openapi3.ResponseRef{Value: ok}),
			openapi3.WithStatus(400, errResp("请求有误：code 为 invalid，fields 指出各字段的问题")),
			openapi3.WithStatus(401, errResp("未提供有效令牌")), openapi3.WithStatus(403, errResp("无权访问")),
			openapi3.WithStatus(404, errResp("记录不存在或不在调用者的范围内")), openapi3.WithStatus(409, errResp("与当前状态冲突")),
			openapi3.WithStatus(413, errResp("请求体过大")), openapi3.WithStatus(500, errResp("系统繁忙")))
		doc.AddOperation(rt.Path, rt.Method, op)
	}
	return doc, nil
}

func operationID(rt apiRoute) string {
	p := strings.NewReplacer("/api/v1/", "", "/", "_", "{", "", "}", "", ".", "_").Replace(rt.Path)
	return strings.ToLower(rt.Method) + "_" + p
}
