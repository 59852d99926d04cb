package web

import (
	"time"

	"selfcheck/app/regulator"
)

// apiReportActionBody is the body of POST /api/v1/reports/{id}/actions;
// its fields are those of regulator.ReportAction, with their descriptions.
type apiReportActionBody struct {
	Action       string `json:"action" label:"操作" description:"处理动作：派单、受理、办结、关闭、重办、合并、确权" example:"dispatch" validate:"required,oneof=dispatch handle resolve close reopen merge settle"`
	Department   string `json:"department" label:"承办部门" description:"dispatch：承办部门名称" example:"市场监管所" validate:"required_if=Action dispatch,max=32"`
	Ownerless    bool   `json:"ownerless" description:"dispatch：无主部件，派给兜底部门先行处置"`
	Workdays     int    `json:"workdays" label:"办理时限" description:"dispatch：办理时限（工作日，默认5）" example:"5" validate:"omitempty,min=1,max=60"`
	Verified     bool   `json:"verified" description:"resolve：举报属实"`
	Severity     string `json:"severity" label:"严重程度" description:"resolve：属实举报的严重程度" validate:"omitempty,oneof=一般 较重 严重"`
	EnterpriseID int64  `json:"enterprise_id" label:"涉及企业" description:"resolve：属实举报涉及的企业编号" validate:"omitempty,min=1"`
	MergeInto    int64  `json:"merge_into" label:"合并到" description:"merge：合并到的举报编号" validate:"required_if=Action merge,omitempty,min=1"`
	Owner        string `json:"owner" label:"权属单位" description:"settle：确定的权属单位" validate:"required_if=Action settle,max=200"`
	Note         string `json:"note" label:"说明" description:"处理说明（最多500字）" validate:"max=500"`
}

// apiEventBody is the body of POST /api/v1/enterprises/{id}/events; its
// fields are those of regulator.EventInput, with their descriptions.
type apiEventBody struct {
	Kind     string `json:"kind" label:"类型" description:"penalty 为行政处罚，repair 为信用修复" example:"penalty" validate:"required,oneof=penalty repair"`
	Severity string `json:"severity" label:"严重程度" description:"kind=penalty 时必填" example:"一般" validate:"required_if=Kind penalty,omitempty,oneof=一般 较重 严重"`
	Points   string `json:"points" label:"修复分值" description:"kind=repair 时必填，正数，最多两位小数" example:"5" validate:"required_if=Kind repair,omitempty,numeric,max=8"`
	Reason   string `json:"reason" label:"事由" description:"事由（4-500字）" example:"未按规定设置消防通道，已立案处罚" validate:"required,min=4,max=500"`
}

// apiItemResult is one checklist item's result in POST
// /api/v1/visits/{id}/results; its fields are those of regulator.ItemResult.
type apiItemResult struct {
	ItemID    string     `json:"item" label:"检查事项" description:"标准检查清单事项编号" example:"FS-01" validate:"required"`
	Compliant bool       `json:"compliant" required:"true" description:"合规为 true，发现隐患为 false"`
	Severity  string     `json:"severity,omitempty" label:"严重程度" description:"隐患的严重程度，默认取检查清单的" validate:"omitempty,oneof=一般 较重 严重"`
	PhotoID   *int64     `json:"photo_id,omitempty" description:"现场照片的编号"`
	Deadline  *time.Time `json:"deadline,omitempty" description:"整改期限（带时区的时刻），默认按严重程度"`
	Note      string     `json:"note,omitempty" label:"说明" description:"说明（最多500字）" validate:"max=500"`
}

// itemResults converts the request's results for the service.
func itemResults(in []apiItemResult) []regulator.ItemResult {
	out := make([]regulator.ItemResult, len(in))
	for i, r := range in {
		out[i] = regulator.ItemResult(r)
	}
	return out
}
