"""The recovery sheet: the site's recovery key on paper, in Chinese and English, with what it is
for and how it is used, to keep in the site file. Printed once, at set-up or encryption."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from coordinator.reports.common import Running, build_pdf, format_time, styles
from coordinator.reports.model import Site

TEXTS = (
    ("这是本中心 TrialDesk 登记库的恢复密钥。登记库已加密：平时由各账户的密码打开；当所有管理员的密码都遗忘，"
     "或登记库旁的密钥文件丢失时，凭此密钥恢复。",
     "This is the recovery key of the site's TrialDesk registry. The registry is encrypted: each account's password "
     "opens it; when every administrator's password is forgotten, or the key file beside it is lost, this key "
     "recovers it."),
    ("请将本页锁存于中心文件柜，勿存放于工作站上，勿拍照或通过网络发送。若既没有任何账户的密码，也没有此密钥，"
     "任何人（包括信息科和 TrialDesk 开发者）都无法读取数据。",
     "Keep this sheet locked in the site file, never on the workstation; do not photograph it or send it over a "
     "network. Without any account's password and without this key, nobody can read the data, not IT, not "
     "TrialDesk's developers."),
    ("使用方法：在该工作站上运行 trialdesk site recover --user 管理员用户名，输入此密钥（大小写、空格和连字符均可忽略），"
     "再为该管理员设置新密码。",
     "To use it: on the workstation, run trialdesk site recover --user ADMINISTRATOR, type this key (case, spaces "
     "and hyphens do not matter) and give that administrator a new password."),
)


def render_recovery_sheet(site: Site, recovery_key: str, registry: str, made_at: dt.datetime) -> bytes:
    st = styles(10)
    key_style = ParagraphStyle("key", parent=st.body, fontSize=17, leading=26, alignment=1, spaceBefore=6,
                               spaceAfter=6)
    groups = recovery_key.split("-")
    lines = ["-".join(groups[start:start + 5]) for start in range(0, len(groups), 5)]
    story = [Paragraph("TrialDesk 登记库恢复密钥 · Registry recovery key", st.title),
             Paragraph(escape(f"{site.name} · {registry}"), st.body),
             Paragraph(escape(f"生成于 Made {format_time(made_at, site)}"), st.small),
             Spacer(1, 8 * mm),
             *[Paragraph(escape(line), key_style) for line in lines],
             Spacer(1, 8 * mm)]
    for chinese, english in TEXTS:
        story += [Paragraph(escape(chinese), st.body), Paragraph(escape(english), st.small), Spacer(1, 3 * mm)]
    story += [Spacer(1, 12 * mm), Paragraph("保管人签名 Kept by: ____________________    日期 Date: ____________",
                                            st.body)]
    running = Running(left=f"{site.name} · Recovery key", right="CONFIDENTIAL · 机密", document_id="recovery-key",
                      generated=f"Generated {format_time(made_at, site)}")
    return build_pdf(story, A4, running, title="TrialDesk registry recovery key", subject=site.name,
                     author=site.name)
