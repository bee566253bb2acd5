"""What the portal tells citizens, in plain Vietnamese (lời lẽ dễ hiểu): the history of a dossier
and what the citizen has to do next. Pure: plain values in, text out.

Staff-side labels (workflow.ACTIONS) say what an officer did ("Chuyển liên thông"); these say
what it means for the person waiting ("Hồ sơ được chuyển tới … để phối hợp giải quyết").
"""

from django.utils.translation import gettext_lazy as _

from motcua.dossiers.workflow import State

# The event's action → one sentence; {step} and {unit} are filled in when the text uses them.
EVENT_TEXT = {
    "create": _("Hồ sơ được lập"),
    "submit": _("Hồ sơ đã được gửi, chờ cán bộ tiếp nhận"),
    "accept": _("Hồ sơ đã được tiếp nhận"),
    "request_completion": _("Cán bộ đề nghị bổ sung, hoàn thiện hồ sơ trước khi tiếp nhận"),
    "complete_submission": _("Người nộp đã bổ sung, hoàn thiện hồ sơ"),
    "refuse": _("Hồ sơ không được tiếp nhận"),
    "forward": _("Hồ sơ được chuyển sang bước: {step}"),
    "send_back": _("Hồ sơ được xem xét lại ở bước: {step}"),
    "transfer": _("Hồ sơ được chuyển tới {unit} để phối hợp giải quyết"),
    "request_supplement": _("Cơ quan giải quyết đề nghị bổ sung giấy tờ; thời gian giải quyết tạm dừng"),
    "receive_supplement": _("Đã nhận giấy tờ bổ sung, tiếp tục giải quyết"),
    "request_fee": _("Đề nghị nộp phí, lệ phí hoặc thực hiện nghĩa vụ tài chính"),
    "fee_paid": _("Đã nộp phí, lệ phí; tiếp tục giải quyết"),
    "suspend": _("Tạm dừng giải quyết hồ sơ"),
    "resume": _("Tiếp tục giải quyết hồ sơ"),
    "stop": _("Dừng giải quyết hồ sơ"),
    "withdraw": _("Hồ sơ đã được rút theo đề nghị của người nộp"),
    "apologize": _("Cơ quan giải quyết xin lỗi vì chậm trễ và hẹn lại ngày trả kết quả"),
    "complete": _("Đã có kết quả giải quyết"),
    "bundle_complete": _("Tất cả các thủ tục liên thông đã có kết quả"),
    "return_result": _("Đã trả kết quả"),
}

# Events whose comment is addressed to the applicant (the reasons on Mẫu 02, 03, 04, 05): shown to
# the owner, never on the public lookup, where a comment may name people.
REASONED = frozenset({"request_completion", "request_supplement", "refuse", "stop", "suspend", "apologize"})


def event_text(action: str, step: str = "", unit: str = "") -> str:
    template = EVENT_TEXT.get(action)
    if template is None:  # an action added to the workflow later: say something true, not nothing
        return str(_("Hồ sơ được cập nhật"))
    return str(template).format(step=step or "—", unit=unit or "—")


# What the citizen has to do (or may expect) in each state.
TODO = {
    State.DRAFT: _("Hồ sơ chưa được gửi. Kiểm tra lại, tải đủ giấy tờ rồi bấm “Nộp hồ sơ”."),
    State.SUBMITTED: _("Bạn không cần làm gì thêm. Cán bộ một cửa sẽ kiểm tra hồ sơ; khi tiếp nhận, "
                       "hồ sơ có mã số và ngày hẹn trả kết quả."),
    State.AWAITING_COMPLETION: _("Cán bộ đề nghị bạn bổ sung, hoàn thiện hồ sơ. Đọc lý do bên dưới, "
                                 "tải lên giấy tờ còn thiếu rồi bấm “Gửi bổ sung”."),
    State.REFUSED: _("Hồ sơ không được tiếp nhận. Lý do ghi ở phần lịch sử bên dưới."),
    State.RECEIVED: _("Hồ sơ đã được tiếp nhận và đang chờ giải quyết. Bạn không cần làm gì thêm."),
    State.PROCESSING: _("Hồ sơ đang được giải quyết. Bạn không cần làm gì thêm."),
    State.SUPPLEMENT_REQUESTED: _("Cơ quan giải quyết đề nghị bạn bổ sung giấy tờ. Đọc lý do bên dưới, "
                                  "tải lên giấy tờ còn thiếu rồi bấm “Gửi bổ sung”."),
    State.FEE_REQUESTED: _("Hồ sơ chờ bạn nộp phí, lệ phí. Cán bộ sẽ hướng dẫn cách nộp."),
    State.SUSPENDED: _("Hồ sơ tạm dừng giải quyết. Lý do ghi ở phần lịch sử bên dưới."),
    State.STOPPED: _("Cơ quan giải quyết đã dừng giải quyết hồ sơ. Lý do ghi ở phần lịch sử bên dưới."),
    State.WITHDRAWN: _("Bạn đã rút hồ sơ này."),
    State.COMPLETED: _("Đã có kết quả. Bạn nhận kết quả theo cách đã chọn: {delivery}."),
    State.RETURNED: _("Đã trả kết quả. Hồ sơ đã xong."),
}

# States in which the citizen uploads what is missing, and the action that hands it back.
SUPPLEMENT_ACTION = {
    State.AWAITING_COMPLETION: "complete_submission",
    State.SUPPLEMENT_REQUESTED: "receive_supplement",
}


def todo(state: str, delivery_label: str = "") -> str:
    return str(TODO[state]).format(delivery=delivery_label.lower())
