<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountActions</name>
    <message>
        <source>&amp;Accounts…</source>
        <translation>账户(&amp;A)…</translation>
    </message>
    <message>
        <source>Site se&amp;ttings…</source>
        <translation>中心设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Change my &amp;password…</source>
        <translation>修改我的密码(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>AccountsModel</name>
    <message>
        <source>coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <source>investigator</source>
        <translation>研究者</translation>
    </message>
    <message>
        <source>monitor</source>
        <translation>监查员</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>打印姓名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Signing certificate</source>
        <translation>签名证书</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>locked until {0}</source>
        <translation>锁定至 {0}</translation>
    </message>
</context>
<context>
    <name>AccountsWindow</name>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Activate…</source>
        <translation>启用…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>解除锁定…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Added {0}.</source>
        <translation>已添加 {0}。</translation>
    </message>
    <message>
        <source>{0} can sign in again.</source>
        <translation>{0} 可以重新登录。</translation>
    </message>
    <message>
        <source>{0} can no longer sign in.</source>
        <translation>{0} 不能再登录。</translation>
    </message>
    <message>
        <source>Activate {0}</source>
        <translation>启用 {0}</translation>
    </message>
    <message>
        <source>Deactivate {0}</source>
        <translation>停用 {0}</translation>
    </message>
    <message>
        <source>{0} can no longer sign in; the account and everything it signed are kept.</source>
        <translation>{0} 将不能再登录；账户及其签署的所有内容均予保留。</translation>
    </message>
    <message>
        <source>{0} is unlocked.</source>
        <translation>{0} 已解除锁定。</translation>
    </message>
    <message>
        <source>Unlock {0}</source>
        <translation>解除锁定 {0}</translation>
    </message>
    <message>
        <source>{0} was locked out after repeated wrong passwords. Unlock only once you know it was them.</source>
        <translation>{0} 因多次输错密码被锁定。请确认确为本人后再解除锁定。</translation>
    </message>
    <message>
        <source>{0}&apos;s password is reset.</source>
        <translation>{0} 的密码已重置。</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>Message</source>
        <translation>提示信息</translation>
    </message>
</context>
<context>
    <name>AddAccountDialog</name>
    <message>
        <source>Add an account</source>
        <translation>添加账户</translation>
    </message>
    <message>
        <source>A coordinator or investigator receives a signing certificate from the site&apos;s authority, an administrator a copy of its key: your own password unlocks the authority for that.</source>
        <translation>协调员或研究者将获得中心签名机构颁发的签名证书，管理员将获得该机构密钥的副本：为此需用您本人的密码解锁签名机构。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>打印姓名</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <source>investigator</source>
        <translation>研究者</translation>
    </message>
    <message>
        <source>monitor</source>
        <translation>监查员</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>初始密码</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
</context>
<context>
    <name>AlertsColumns</name>
    <message>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>coming</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Drug</source>
        <translation>药物</translation>
    </message>
    <message>
        <source>From mg/d</source>
        <translation>原剂量 mg/d</translation>
    </message>
    <message>
        <source>To mg/d</source>
        <translation>新剂量 mg/d</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>AlertsPage</name>
    <message>
        <source>Due and overdue</source>
        <translation>到期与逾期</translation>
    </message>
    <message>
        <source>As of date</source>
        <translation>截至日期</translation>
    </message>
    <message>
        <source>&amp;As of:</source>
        <translation>截至(&amp;A)：</translation>
    </message>
    <message>
        <source>T&amp;oday</source>
        <translation>今天(&amp;O)</translation>
    </message>
    <message>
        <source>Filter by trial</source>
        <translation>按试验筛选</translation>
    </message>
    <message>
        <source>All trials</source>
        <translation>全部试验</translation>
    </message>
    <message>
        <source>Filter by kind</source>
        <translation>按类型筛选</translation>
    </message>
    <message>
        <source>Filter by patient registry number</source>
        <translation>按患者登记号筛选</translation>
    </message>
    <message>
        <source>Patient…</source>
        <translation>患者…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Compute the list again (F5)</source>
        <translation>重新计算列表 (F5)</translation>
    </message>
    <message>
        <source>T&amp;rial:</source>
        <translation>试验(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>Computing</source>
        <translation>正在计算</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Due and overdue items</source>
        <translation>到期与逾期事项</translation>
    </message>
    <message>
        <source>Double-click or press Enter to open the patient&apos;s follow-up</source>
        <translation>双击或按 Enter 打开该患者的随访</translation>
    </message>
    <message>
        <source>Replaying every enrolled patient&apos;s follow-up as of {0}…</source>
        <translation>正在回放截至 {0} 每位已入组患者的随访…</translation>
    </message>
    <message>
        <source>The list could not be computed: {0}</source>
        <translation>无法计算列表：{0}</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) as of {0}</source>
        <translation>
            <numerusform>截至 {0} 共 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>, {0} overdue</source>
        <translation>，逾期 {0} 项</translation>
    </message>
    <message>
        <source> (filtered from {0})</source>
        <translation>（从 {0} 项中筛选）</translation>
    </message>
</context>
<context>
    <name>ArchiveDialog</name>
    <message>
        <source>Archive patient</source>
        <translation>归档患者</translation>
    </message>
    <message>
        <source>Archive {0} ({1})? The patient leaves the working list; nothing is deleted and the reason is kept in the audit trail.</source>
        <translation>归档 {0}（{1}）？该患者将移出工作列表；不会删除任何数据，原因将记录在审计追踪中。</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Reason for archiving</source>
        <translation>归档原因</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
</context>
<context>
    <name>AuditColumns</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间 (UTC)</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit trail</source>
        <translation>审计追踪</translation>
    </message>
    <message>
        <source>Filter by user</source>
        <translation>按用户筛选</translation>
    </message>
    <message>
        <source>any user</source>
        <translation>任意用户</translation>
    </message>
    <message>
        <source>Filter by action</source>
        <translation>按操作筛选</translation>
    </message>
    <message>
        <source>An action or the start of one: &apos;screening.&apos; finds every screening entry</source>
        <translation>操作名称或其开头：输入“screening.”可找到所有筛选相关条目</translation>
    </message>
    <message>
        <source>any action</source>
        <translation>任意操作</translation>
    </message>
    <message>
        <source>Filter by patient registry number</source>
        <translation>按患者登记号筛选</translation>
    </message>
    <message>
        <source>any patient</source>
        <translation>任意患者</translation>
    </message>
    <message>
        <source>From day (UTC)</source>
        <translation>起始日期 (UTC)</translation>
    </message>
    <message>
        <source>To day (UTC)</source>
        <translation>截止日期 (UTC)</translation>
    </message>
    <message>
        <source>C&amp;lear filters</source>
        <translation>清除筛选条件(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>操作(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Patient:</source>
        <translation>患者(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>从(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>至(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation>校验链(&amp;V)</translation>
    </message>
    <message>
        <source>Verify the audit chain</source>
        <translation>校验审计链</translation>
    </message>
    <message>
        <source>Check that no entry was edited, deleted or inserted outside TrialDesk</source>
        <translation>检查是否有条目在 TrialDesk 之外被修改、删除或插入</translation>
    </message>
    <message>
        <source>Chain check result</source>
        <translation>链校验结果</translation>
    </message>
    <message>
        <source>Check &amp;data</source>
        <translation>核对数据(&amp;D)</translation>
    </message>
    <message>
        <source>Check the records against the audit trail</source>
        <translation>将记录与审计追踪核对</translation>
    </message>
    <message>
        <source>Replay the audit trail&apos;s history of every patient and screening and name each record changed, added or deleted outside TrialDesk</source>
        <translation>按审计追踪重演每位患者和每次筛选的历史，指出在 TrialDesk 之外被修改、添加或删除的每条记录</translation>
    </message>
    <message>
        <source>Data check result</source>
        <translation>数据核对结果</translation>
    </message>
    <message>
        <source>&amp;Show entry</source>
        <translation>显示条目(&amp;S)</translation>
    </message>
    <message>
        <source>Show the first broken entry</source>
        <translation>显示第一个断链条目</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the shown entries as CSV</source>
        <translation>将显示的条目导出为 CSV</translation>
    </message>
    <message>
        <source>Audit entries</source>
        <translation>审计条目</translation>
    </message>
    <message>
        <source>Selected entry</source>
        <translation>所选条目</translation>
    </message>
    <message>
        <source>Select an entry to read its old and new values in full.</source>
        <translation>选择一个条目以查看完整的原值与新值。</translation>
    </message>
    <message>
        <source>Audit trail not available</source>
        <translation>无法查看审计追踪</translation>
    </message>
    <message>
        <source>The trail could not be read: {0}</source>
        <translation>无法读取审计追踪：{0}</translation>
    </message>
    <message>
        <source>The audit trail holds old and new patient values: only investigators and monitors may read it.

{0}</source>
        <translation>审计追踪包含患者数据的原值与新值：仅研究者和监查员可以查看。

{0}</translation>
    </message>
    <message>
        <source>{0}+ entries</source>
        <translation>{0}+ 个条目</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n 个条目</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s) written to {0}</source>
        <translation>
            <numerusform>已将 %n 个条目写入 {0}</numerusform>
        </translation>
    </message>
    <message>
        <source>Patient: {0}</source>
        <translation>患者：{0}</translation>
    </message>
    <message>
        <source>Reason: {0}</source>
        <translation>原因：{0}</translation>
    </message>
    <message>
        <source>Old value:</source>
        <translation>原值：</translation>
    </message>
    <message>
        <source>New value:</source>
        <translation>新值：</translation>
    </message>
    <message>
        <source>Hash: {0}</source>
        <translation>哈希：{0}</translation>
    </message>
    <message>
        <source>Checking every link…</source>
        <translation>正在逐条校验…</translation>
    </message>
    <message>
        <source>Chain intact: every link checked ({0}).</source>
        <translation>审计链完整：已逐条校验（{0}）。</translation>
    </message>
    <message>
        <source>Chain broken at entry #{0}: {1}</source>
        <translation>审计链在第 {0} 条断开：{1}</translation>
    </message>
    <message>
        <source>The check could not run: {0}</source>
        <translation>无法执行校验：{0}</translation>
    </message>
    <message>
        <source>Replaying the audit trail…</source>
        <translation>正在重演审计追踪…</translation>
    </message>
    <message numerus="yes">
        <source>Records match the audit trail (%n patient(s) replayed).</source>
        <translation>
            <numerusform>记录与审计追踪一致（已重演 %n 位患者）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) differ from the audit trail.</source>
        <translation>
            <numerusform>%n 条记录与审计追踪不符。</numerusform>
        </translation>
    </message>
    <message>
        <source>Records and audit trail</source>
        <translation>记录与审计追踪</translation>
    </message>
    <message>
        <source>These records were changed, added or deleted outside TrialDesk:</source>
        <translation>以下记录在 TrialDesk 之外被修改、添加或删除：</translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>导出审计追踪</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
</context>
<context>
    <name>BackupStatus</name>
    <message>
        <source>Last backup</source>
        <translation>上次备份</translation>
    </message>
    <message>
        <source>⚠ No backup yet</source>
        <translation>⚠ 尚无备份</translation>
    </message>
    <message numerus="yes">
        <source>⚠ Last backup: {0}, over %n day(s) ago</source>
        <translation>
            <numerusform>⚠ 上次备份：{0}，已超过 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Last backup: {0}</source>
        <translation>上次备份：{0}</translation>
    </message>
    <message>
        <source>Tools &gt; Back up now makes one; the site&apos;s administrator sets where backups go</source>
        <translation>“工具 &gt; 立即备份”可创建备份；备份位置由本中心管理员设置</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Restore from a backup…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>Backing up the registry…</source>
        <translation>正在备份登记库…</translation>
    </message>
    <message numerus="yes">
        <source>Backed up: {0} (%n patient(s), checked)</source>
        <translation>
            <numerusform>已备份：{0}（%n 名患者，已校验）</numerusform>
        </translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>The backup was not made: {0}</source>
        <translation>未能备份：{0}</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>TrialDesk backups (*.sqlite3)</source>
        <translation>TrialDesk 备份 (*.sqlite3)</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message numerus="yes">
        <source>the backup of {0} ({1}: %n patient(s)); the registry as it is now is kept aside, and everything entered since that backup is no longer shown</source>
        <translation>
            <numerusform>{0} 的备份（{1}：%n 名患者）；当前登记库将另行保存，该备份之后录入的内容将不再显示</numerusform>
        </translation>
    </message>
    <message>
        <source>Restore the registry</source>
        <translation>恢复登记库</translation>
    </message>
    <message>
        <source>Restoring the registry…</source>
        <translation>正在恢复登记库…</translation>
    </message>
    <message>
        <source>The registry was restored from the backup of {0}.</source>
        <translation>登记库已从 {0} 的备份恢复。</translation>
    </message>
    <message>
        <source>The registry as it was is kept at {0}.</source>
        <translation>恢复前的登记库保存在 {0}。</translation>
    </message>
    <message>
        <source>Nothing was restored: {0}</source>
        <translation>未恢复任何内容：{0}</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>{0}: your signing key, and the key that opens the encrypted registry, are re-encrypted under the new password.</source>
        <translation>{0}：您的签名密钥以及打开加密登记库的密钥将以新密码重新加密。</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
</context>
<context>
    <name>CoreText</name>
    <message>
        <source>{code} {value:g} {unit} on {day}</source>
        <translation>{code} {value:g} {unit}（{day}）</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女性</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男性</translation>
    </message>
    <message>
        <source>age {age}</source>
        <translation>年龄 {age} 岁</translation>
    </message>
    <message>
        <source>at most {cap} {unit}</source>
        <translation>不超过 {cap} {unit}</translation>
    </message>
    <message>
        <source>never above {cap} {cap_unit} = {value} {unit}</source>
        <translation>不得超过 {cap} {cap_unit} = {value} {unit}</translation>
    </message>
    <message>
        <source>; trough {target}</source>
        <translation>；谷浓度 {target}</translation>
    </message>
    <message>
        <source>no {step} {unit} step lies within that range</source>
        <translation>该范围内没有可用的 {step} {unit} 规格</translation>
    </message>
    <message>
        <source>in {step} {unit} steps (the site&apos;s): {amount}{per}</source>
        <translation>按本中心 {step} {unit} 规格取整：{amount}{per}</translation>
    </message>
    <message>
        <source> for {weight}</source>
        <translation>，体重 {weight}</translation>
    </message>
    <message>
        <source>{basis} = {amount} {unit}, capped: {ceiling}</source>
        <translation>{basis} = {amount} {unit}，受上限限制：{ceiling}</translation>
    </message>
    <message>
        <source>{amount}{weight} ({notes})</source>
        <translation>{amount}{weight}（{notes}）</translation>
    </message>
    <message>
        <source>{name} {terms}</source>
        <translation>{name} {terms}</translation>
    </message>
    <message>
        <source>; {rounded}</source>
        <translation>；{rounded}</translation>
    </message>
    <message>
        <source>{dose}{trough}{rounded}</source>
        <translation>{dose}{trough}{rounded}</translation>
    </message>
    <message>
        <source>fixed dose</source>
        <translation>固定剂量</translation>
    </message>
    <message>
        <source> every {hours} h</source>
        <translation>，每 {hours} 小时一次</translation>
    </message>
    <message>
        <source> once a day</source>
        <translation>，每日一次</translation>
    </message>
    <message>
        <source>, {count} times a day</source>
        <translation>，每日 {count} 次</translation>
    </message>
    <message>
        <source>{dose}, as {amount}{how_often}{trough}{rounded}</source>
        <translation>{dose}，即每次 {amount}{how_often}{trough}{rounded}</translation>
    </message>
    <message>
        <source>stopped (0 {unit})</source>
        <translation>已停药（0 {unit}）</translation>
    </message>
    <message>
        <source>{name} {amount} in week {week} ({phase}, {taper}; full dose {full}){rounded}</source>
        <translation>{name} 第 {week} 周 {amount}（{phase}，{taper}；足量 {full}）{rounded}</translation>
    </message>
    <message>
        <source>full dose, before the taper</source>
        <translation>足量，尚未减量</translation>
    </message>
    <message>
        <source>tapering</source>
        <translation>减量中</translation>
    </message>
    <message>
        <source>after the taper</source>
        <translation>减量结束后</translation>
    </message>
    <message>
        <source>no taper</source>
        <translation>不减量</translation>
    </message>
    <message>
        <source>the protocol gives none</source>
        <translation>方案未规定减量</translation>
    </message>
    <message>
        <source>from the full dose at week {start} down linearly to {to} {unit} at week {end}</source>
        <translation>自第 {start} 周的足量线性递减至第 {end} 周的 {to} {unit}</translation>
    </message>
    <message>
        <source> at weeks {first} and {last}</source>
        <translation>，于第 {first} 和第 {last} 周给药</translation>
    </message>
    <message>
        <source> at week {week}</source>
        <translation>，于第 {week} 周给药</translation>
    </message>
    <message>
        <source>, once</source>
        <translation>，共一次</translation>
    </message>
    <message>
        <source>, {count} times</source>
        <translation>，共 {count} 次</translation>
    </message>
    <message>
        <source>{name} {amount}{route}{weight} ({basis}){when}{rounded}</source>
        <translation>{name} {amount}{route}{weight}（{basis}）{when}{rounded}</translation>
    </message>
    <message>
        <source>{dose}: the protocol gives no ceiling</source>
        <translation>{dose}：方案未规定上限</translation>
    </message>
    <message>
        <source>{dose} is above the ceiling ({limit})</source>
        <translation>{dose} 超过上限（{limit}）</translation>
    </message>
    <message>
        <source>{dose} is within the ceiling ({limit})</source>
        <translation>{dose} 未超过上限（{limit}）</translation>
    </message>
    <message>
        <source>no weight</source>
        <translation>无体重</translation>
    </message>
    <message>
        <source> (recorded as {value} {unit})</source>
        <translation>（记录值 {value} {unit}）</translation>
    </message>
    <message>
        <source>weight {weight} on {day}{recorded}</source>
        <translation>体重 {weight}（{day}）{recorded}</translation>
    </message>
    <message>
        <source>no weight recorded on or before {day}</source>
        <translation>{day} 及之前无体重记录</translation>
    </message>
    <message>
        <source>the latest weight ({value} {unit} on {day}) is more than {days} days old: weigh the patient</source>
        <translation>最近一次体重（{value} {unit}，{day}）已超过 {days} 天：请为患者称重</translation>
    </message>
    <message>
        <source>the weight on {day} has no unit</source>
        <translation>{day} 的体重没有单位</translation>
    </message>
    <message>
        <source>the weight on {day}: {error}</source>
        <translation>{day} 的体重：{error}</translation>
    </message>
    <message>
        <source>{name}: {note}</source>
        <translation>{name}：{note}</translation>
    </message>
    <message>
        <source>{dose}{note}</source>
        <translation>{dose}{note}</translation>
    </message>
    <message>
        <source>; {note}</source>
        <translation>；{note}</translation>
    </message>
    <message>
        <source>, week {week} after randomisation on {day}</source>
        <translation>，随机化（{day}）后第 {week} 周</translation>
    </message>
    <message>
        <source>, no randomisation date</source>
        <translation>，无随机化日期</translation>
    </message>
    <message>
        <source>{trial_id} arm {arm} on {day}{when}; {weight}</source>
        <translation>{trial_id} {arm} 组，{day}{when}；{weight}</translation>
    </message>
    <message>
        <source>all scheduled administrations are past</source>
        <translation>计划的给药均已过去</translation>
    </message>
    <message>
        <source>next at week {week} ({day})</source>
        <translation>下次于第 {week} 周（{day}）</translation>
    </message>
    <message>
        <source>as written: {dose}</source>
        <translation>方案原文：{dose}</translation>
    </message>
    <message>
        <source>no dose given</source>
        <translation>未给出剂量</translation>
    </message>
    <message>
        <source>no dosing data ({text})</source>
        <translation>无给药数据（{text}）</translation>
    </message>
    <message>
        <source>not computed: {weight}</source>
        <translation>未计算：{weight}</translation>
    </message>
    <message>
        <source>the taper is not applied: no randomisation date</source>
        <translation>未按减量方案计算：无随机化日期</translation>
    </message>
    <message>
        <source>{part}: {item}</source>
        <translation>{part}：{item}</translation>
    </message>
    <message>
        <source>literal reading gives: {answer}</source>
        <translation>按字面理解判定为：{answer}</translation>
    </message>
    <message>
        <source>investigator to confirm the reading: {note}</source>
        <translation>需研究者确认对原文的理解：{note}</translation>
    </message>
    <message>
        <source>investigator to choose a reading: {note}</source>
        <translation>由研究者选择一种解读：{note}</translation>
    </message>
    <message>
        <source>all {count} readings agree: {answer}</source>
        <translation>全部 {count} 种解读结论一致：{answer}</translation>
    </message>
    <message>
        <source>“{label}”: {answer}</source>
        <translation>“{label}”：{answer}</translation>
    </message>
    <message>
        <source>reading “{label}” {how}: {answer}</source>
        <translation>解读“{label}”（{how}）：{answer}</translation>
    </message>
    <message>
        <source>adopted for the trial by {by}</source>
        <translation>由 {by} 为本试验采用</translation>
    </message>
    <message>
        <source>chosen by {by}</source>
        <translation>由 {by} 选择</translation>
    </message>
    <message>
        <source>reason: {reason}</source>
        <translation>理由：{reason}</translation>
    </message>
    <message>
        <source>halve_dose</source>
        <translation>剂量减半</translation>
    </message>
    <message>
        <source>recheck</source>
        <translation>复查</translation>
    </message>
    <message>
        <source>stop_drug</source>
        <translation>停药</translation>
    </message>
    <message>
        <source>reduce_dose</source>
        <translation>减量</translation>
    </message>
    <message>
        <source>liver_protection</source>
        <translation>保肝治疗</translation>
    </message>
    <message>
        <source>withdraw</source>
        <translation>退出研究</translation>
    </message>
    <message>
        <source>restart_or_withdraw</source>
        <translation>恢复用药或退出研究</translation>
    </message>
    <message>
        <source>baseline_missing</source>
        <translation>缺少基线值</translation>
    </message>
    <message>
        <source>no dose recorded</source>
        <translation>无剂量记录</translation>
    </message>
    <message>
        <source>no eGFR within {days} days before randomisation on {day}: the {drug} eGFR rule cannot run</source>
        <translation>随机化（{day}）前 {days} 天内无 eGFR：无法执行{drug}的 eGFR 规则</translation>
    </message>
    <message>
        <source>{reason} at the recheck</source>
        <translation>复查时{reason}</translation>
    </message>
    <message>
        <source>{reason} after {count} reductions: stop {drug}</source>
        <translation>已减量 {count} 次后{reason}：停用{drug}</translation>
    </message>
    <message>
        <source> (the minimum, {floor:g} mg/d)</source>
        <translation>（最低剂量 {floor:g} mg/d）</translation>
    </message>
    <message>
        <source>halve {drug} from {dose} to {target:g} mg/d{minimum}</source>
        <translation>{drug}剂量减半，由 {dose} 减至 {target:g} mg/d{minimum}</translation>
    </message>
    <message>
        <source>halve {drug} (no current dose recorded)</source>
        <translation>{drug}剂量减半（无当前剂量记录）</translation>
    </message>
    <message>
        <source>{reason}: {action}</source>
        <translation>{reason}：{action}</translation>
    </message>
    <message>
        <source>recheck the {drug} trough and eGFR {days} days after the reduction of {day}</source>
        <translation>{day} 减量后 {days} 天复查{drug}谷浓度及 eGFR</translation>
    </message>
    <message>
        <source>{reading}: {decline:.1f}% below baseline {baseline:g} on {day}</source>
        <translation>{reading}：较基线 {baseline:g}（{day}）下降 {decline:.1f}%</translation>
    </message>
    <message>
        <source>{reading} = {ratio:.2f} x ULN</source>
        <translation>{reading} = {ratio:.2f} × ULN</translation>
    </message>
    <message>
        <source>{reading} is above the target of {max:g} {unit}: lower the {drug} dose from {dose}</source>
        <translation>{reading} 高于目标值 {max:g} {unit}：{drug}由 {dose} 减量</translation>
    </message>
    <message>
        <source>{ratio}, still rising since {reading}: start liver protection</source>
        <translation>{ratio}，自 {reading} 起持续升高：开始保肝治疗</translation>
    </message>
    <message>
        <source>{ratio} after {days} days of liver protection: stop {drug}</source>
        <translation>保肝治疗 {days} 天后 {ratio}：停用{drug}</translation>
    </message>
    <message>
        <source>{ratio}: not recovered {days} days after {drug} was stopped: withdraw the patient</source>
        <translation>{ratio}：停用{drug} {days} 天后仍未恢复：患者退出研究</translation>
    </message>
    <message>
        <source>recheck liver tests {days} days after {day}</source>
        <translation>{day} 后 {days} 天复查肝功能</translation>
    </message>
    <message>
        <source>{name} is due at week {week:g} ({day}) for the remission decision</source>
        <translation>第 {week:g} 周（{day}）需检测{name}以判断是否缓解</translation>
    </message>
    <message>
        <source>{reading} at week {week:g}; peak {peak} ({fall:.0f}% fall)</source>
        <translation>第 {week:g} 周 {reading}；峰值 {peak}（下降 {fall:.0f}%）</translation>
    </message>
    <message>
        <source>{name} for the week-{week:g} decision</source>
        <translation>第 {week:g} 周判定所需的{name}</translation>
    </message>
    <message>
        <source>{reason}: neither complete (&lt; {complete:g} {unit}) nor partial remission (&gt; {partial:g}% fall from the peak): stop {drug}</source>
        <translation>{reason}：未达完全缓解（&lt; {complete:g} {unit}）也未达部分缓解（较峰值下降 &gt; {partial:g}%）：停用{drug}</translation>
    </message>
    <message>
        <source>{reason}: not in remission at week {week:g}: withdraw</source>
        <translation>{reason}：第 {week:g} 周未缓解：退出研究</translation>
    </message>
    <message>
        <source>{drug} stopped on {day}: withdraw if not restarted by {limit}</source>
        <translation>{drug}于 {day} 停用：如 {limit} 前未恢复用药则退出研究</translation>
    </message>
    <message>
        <source>{drug} stopped on {day} for over {days} days</source>
        <translation>{drug}于 {day} 停用已超过 {days} 天</translation>
    </message>
    <message>
        <source>pregnancy recorded on {day}: stop {drug}</source>
        <translation>{day} 记录妊娠：停用{drug}</translation>
    </message>
    <message>
        <source>pregnancy recorded on {day}: withdraw</source>
        <translation>{day} 记录妊娠：退出研究</translation>
    </message>
    <message>
        <source> (ULN {uln:g})</source>
        <translation>（ULN {uln:g}）</translation>
    </message>
    <message>
        <source>, derived from {sources}</source>
        <translation>，由{sources}推算</translation>
    </message>
    <message>
        <source>{name} {value}{limits} on {day}{origin}</source>
        <translation>{name} {value}{limits}（{day}）{origin}</translation>
    </message>
    <message>
        <source>{sources} ({method})</source>
        <translation>{sources}（{method}）</translation>
    </message>
    <message>
        <source>{action}: {reason}</source>
        <translation>{action}：{reason}</translation>
    </message>
    <message>
        <source>{action} was due on {day}: {reason}</source>
        <translation>{action}应于 {day} 完成：{reason}</translation>
    </message>
    <message>
        <source>visit {visit} (week {week:g}) was due {day} ± {window} days and is not recorded</source>
        <translation>访视 {visit}（第 {week:g} 周）应于 {day} ± {window} 天进行，但无记录</translation>
    </message>
    <message>
        <source>{level}: {answer}</source>
        <translation>{level}：{answer}</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source> and </source>
        <translation> 且 </translation>
    </message>
    <message>
        <source>all of:</source>
        <translation>满足以下全部：</translation>
    </message>
    <message>
        <source>any of:</source>
        <translation>满足以下任一：</translation>
    </message>
    <message>
        <source>whichever of these the data can answer first:</source>
        <translation>按顺序取数据最先能判定的一项：</translation>
    </message>
    <message>
        <source>not:</source>
        <translation>不满足：</translation>
    </message>
    <message>
        <source>Included when: {rule}</source>
        <translation>入选条件：{rule}</translation>
    </message>
    <message>
        <source>Excluded when: {rule}</source>
        <translation>排除条件：{rule}</translation>
    </message>
    <message>
        <source>Included when {heading}</source>
        <translation>入选条件：{heading}</translation>
    </message>
    <message>
        <source>Excluded when {heading}</source>
        <translation>排除条件：{heading}</translation>
    </message>
    <message>
        <source>Included when every part holds:</source>
        <translation>入选条件：各部分均满足：</translation>
    </message>
    <message>
        <source>Included when any part holds:</source>
        <translation>入选条件：任一部分满足：</translation>
    </message>
    <message>
        <source>Excluded when every part holds:</source>
        <translation>排除条件：各部分均满足：</translation>
    </message>
    <message>
        <source>Excluded when any part holds:</source>
        <translation>排除条件：任一部分满足：</translation>
    </message>
    <message>
        <source>(ambiguous text: {confirm})</source>
        <translation>（原文存在歧义：{confirm}）</translation>
    </message>
    <message>
        <source>Ambiguous text: {confirm}</source>
        <translation>原文存在歧义：{confirm}</translation>
    </message>
    <message>
        <source>the literal reading is shown and the investigator confirms it. {note}</source>
        <translation>显示按字面理解的结果，由研究者确认。{note}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>needs_review</source>
        <translation>需研究者审核</translation>
    </message>
    <message>
        <source>below</source>
        <translation>低于</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>不超过</translation>
    </message>
    <message>
        <source>above</source>
        <translation>高于</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>不低于</translation>
    </message>
    <message>
        <source>equal to</source>
        <translation>等于</translation>
    </message>
    <message>
        <source>not</source>
        <translation>不等于</translation>
    </message>
    <message>
        <source>age {age} on {day} (born {born})</source>
        <translation>{day} 时年龄 {age} 岁（出生日期 {born}）</translation>
    </message>
    <message>
        <source>age on the screening date from {min} to {max} years (inclusive)</source>
        <translation>筛选日年龄 {min}–{max} 岁（含）</translation>
    </message>
    <message>
        <source>age on the screening date at least {min} years</source>
        <translation>筛选日年龄不小于 {min} 岁</translation>
    </message>
    <message>
        <source>age on the screening date at most {max} years</source>
        <translation>筛选日年龄不大于 {max} 岁</translation>
    </message>
    <message>
        <source>sex {sex}</source>
        <translation>性别 {sex}</translation>
    </message>
    <message>
        <source>sex is {sex}</source>
        <translation>性别为 {sex}</translation>
    </message>
    <message>
        <source>a numeric {name} result</source>
        <translation>{name}的数值结果</translation>
    </message>
    <message>
        <source>the lab&apos;s upper limit of normal for {name} on {day}</source>
        <translation>{day} {name}的实验室正常值上限</translation>
    </message>
    <message>
        <source>{reading} = {ratio:.3f} x ULN{limit}</source>
        <translation>{reading} = {ratio:.3f} × ULN{limit}</translation>
    </message>
    <message>
        <source>the unit of {name} on {day}</source>
        <translation>{day} {name}的单位</translation>
    </message>
    <message>
        <source>{name} in a convertible unit</source>
        <translation>可换算单位的{name}</translation>
    </message>
    <message>
        <source>{reading}: {error}</source>
        <translation>{reading}：{error}</translation>
    </message>
    <message>
        <source>{reading}{shown}{limit}</source>
        <translation>{reading}{shown}{limit}</translation>
    </message>
    <message>
        <source> (limit {op} {times:g} x ULN)</source>
        <translation>（界值 {op} {times:g} × ULN）</translation>
    </message>
    <message>
        <source> (limit {op} {limit})</source>
        <translation>（界值 {op} {limit}）</translation>
    </message>
    <message>
        <source>{times:g} x the lab&apos;s ULN</source>
        <translation>{times:g} × 实验室正常值上限</translation>
    </message>
    <message>
        <source>latest {name} within {days} days is {op} {limit}</source>
        <translation>{days} 天内最近一次{name}{op} {limit}</translation>
    </message>
    <message>
        <source>latest {name} within {days} days is {values}</source>
        <translation>{days} 天内最近一次{name}为{values}</translation>
    </message>
    <message>
        <source>{name} (none recorded; needed within {days} days before {day})</source>
        <translation>{name}（无记录；需 {day} 前 {days} 天内的结果）</translation>
    </message>
    <message>
        <source>{name} (none recorded or derivable: needs {inputs} within {days} days before {day})</source>
        <translation>{name}（无记录，也无法推算：需 {day} 前 {days} 天内的 {inputs}）</translation>
    </message>
    <message>
        <source>never: {because}</source>
        <translation>从不适用：{because}</translation>
    </message>
    <message>
        <source>any {what} taken now taken at an unchanged dose for at least {days} days (or none taken)</source>
        <translation>目前所用的{what}均已以不变剂量使用至少 {days} 天（或未使用）</translation>
    </message>
    <message>
        <source>{name} within {days} days before {day}</source>
        <translation>{day} 前 {days} 天内的{name}</translation>
    </message>
    <message>
        <source>latest is too old: {reading}</source>
        <translation>最近一次结果过旧：{reading}</translation>
    </message>
    <message>
        <source>a baseline {name} between {start} and {end}</source>
        <translation>{start} 至 {end} 期间的基线{name}</translation>
    </message>
    <message>
        <source>a non-zero baseline {name} (a change in percent from 0 is undefined)</source>
        <translation>非零的基线{name}（基线为 0 时无法计算变化百分比）</translation>
    </message>
    <message>
        <source>baseline {reading}</source>
        <translation>基线 {reading}</translation>
    </message>
    <message>
        <source>then {reading}</source>
        <translation>其后 {reading}</translation>
    </message>
    <message>
        <source>the date {name} was confirmed</source>
        <translation>{name}确诊的日期</translation>
    </message>
    <message>
        <source>{days} days after it not yet reached at screening</source>
        <translation>筛选时尚未到确诊后 {days} 天</translation>
    </message>
    <message>
        <source>a baseline {name} within {days} days of {day}</source>
        <translation>{day} 前后 {days} 天内的基线{name}</translation>
    </message>
    <message>
        <source>a result of {name} between {start} and {end}</source>
        <translation>{start} 至 {end} 之间的{name}结果</translation>
    </message>
    <message>
        <source>{name} has {change} by {op} {percent:g}% from the diagnosis of {diagnoses} to a result {since}-{until} days after it</source>
        <translation>从{diagnoses}确诊时到确诊后 {since}-{until} 天的结果，{name}{change}{op} {percent:g}%</translation>
    </message>
    <message>
        <source>now {reading}</source>
        <translation>当前 {reading}</translation>
    </message>
    <message>
        <source>change {delta:+.1f}%</source>
        <translation>变化 {delta:+.1f}%</translation>
    </message>
    <message>
        <source>latest {name} has {change} by {op} {percent:g}% from the baseline taken {since}-{until} days before screening</source>
        <translation>最近一次{name}较筛选前 {since}-{until} 天的基线{change}{op} {percent:g}%</translation>
    </message>
    <message>
        <source>fallen</source>
        <translation>下降</translation>
    </message>
    <message>
        <source>risen</source>
        <translation>升高</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>{name} results covering the {days} days before {day} (one from at most {before} days before the period&apos;s start, one within {end} days of screening)</source>
        <translation>覆盖 {day} 之前 {days} 天的 {name} 结果（一次不早于该期间开始前 {before} 天，一次在筛选前 {end} 天内）</translation>
    </message>
    <message>
        <source>for at least {days} days: {rule}</source>
        <translation>持续至少 {days} 天：{rule}</translation>
    </message>
    <message>
        <source>{domain} {grade}</source>
        <translation>{domain} {grade}</translation>
    </message>
    <message>
        <source>BILAG-2004: {grades}</source>
        <translation>BILAG-2004：{grades}</translation>
    </message>
    <message>
        <source>BILAG-2004 grades within {days} days for: {domains}</source>
        <translation>{days} 天内以下系统的 BILAG-2004 评级：{domains}</translation>
    </message>
    <message>
        <source>BILAG-2004: at most {a} A and at most {b} B across the nine domains</source>
        <translation>BILAG-2004：九个系统中 A 级不超过 {a} 个且 B 级不超过 {b} 个</translation>
    </message>
    <message>
        <source>constitutional</source>
        <translation>全身症状</translation>
    </message>
    <message>
        <source>mucocutaneous</source>
        <translation>皮肤黏膜</translation>
    </message>
    <message>
        <source>neuropsychiatric</source>
        <translation>神经精神</translation>
    </message>
    <message>
        <source>musculoskeletal</source>
        <translation>肌肉骨骼</translation>
    </message>
    <message>
        <source>cardiorespiratory</source>
        <translation>心肺</translation>
    </message>
    <message>
        <source>gastrointestinal</source>
        <translation>消化系统</translation>
    </message>
    <message>
        <source>ophthalmic</source>
        <translation>眼部</translation>
    </message>
    <message>
        <source>renal</source>
        <translation>肾脏</translation>
    </message>
    <message>
        <source>haematological</source>
        <translation>血液系统</translation>
    </message>
    <message>
        <source>activity index</source>
        <translation>活动指数</translation>
    </message>
    <message>
        <source>chronicity index</source>
        <translation>慢性指数</translation>
    </message>
    <message>
        <source>glomerulosclerosis pct</source>
        <translation>肾小球硬化比例（%）</translation>
    </message>
    <message>
        <source>cellular crescents pct</source>
        <translation>细胞性新月体比例（%）</translation>
    </message>
    <message>
        <source>capillary loop necrosis pct</source>
        <translation>毛细血管袢坏死比例（%）</translation>
    </message>
    <message>
        <source>microthrombi pct</source>
        <translation>微血栓比例（%）</translation>
    </message>
    <message>
        <source>tma lesions</source>
        <translation>血栓性微血管病（TMA）病变</translation>
    </message>
    <message>
        <source>interstitial fibrosis pct</source>
        <translation>间质纤维化比例（%）</translation>
    </message>
    <message>
        <source>imn stage</source>
        <translation>IMN 分期</translation>
    </message>
    <message>
        <source>a kidney biopsy result</source>
        <translation>肾活检结果</translation>
    </message>
    <message>
        <source>a kidney biopsy within {days} days before {day}</source>
        <translation>{day} 前 {days} 天内的肾活检</translation>
    </message>
    <message>
        <source>latest biopsy {day}</source>
        <translation>最近一次活检 {day}</translation>
    </message>
    <message>
        <source>IMN stage {stage}</source>
        <translation>IMN 分期 {stage}</translation>
    </message>
    <message>
        <source>no class</source>
        <translation>无分型</translation>
    </message>
    <message>
        <source>kidney biopsy {day}: {found}</source>
        <translation>肾活检 {day}：{found}</translation>
    </message>
    <message>
        <source>biopsy examination methods (LM / IF / EM) on {day}</source>
        <translation>{day} 活检的检查方法（光镜 LM / 免疫荧光 IF / 电镜 EM）</translation>
    </message>
    <message>
        <source>examined by {methods}</source>
        <translation>检查方法 {methods}</translation>
    </message>
    <message>
        <source>biopsy {feature} on {day}</source>
        <translation>{day} 活检的{feature}</translation>
    </message>
    <message>
        <source>{feature} {value}</source>
        <translation>{feature} {value}</translation>
    </message>
    <message>
        <source>{feature} {op} {value}</source>
        <translation>{feature}{op} {value}</translation>
    </message>
    <message>
        <source>ISN/RPS class {classes}</source>
        <translation>ISN/RPS 分型为 {classes}</translation>
    </message>
    <message>
        <source> within {days} days</source>
        <translation>（{days} 天内）</translation>
    </message>
    <message>
        <source>latest kidney biopsy{window}: {checks}</source>
        <translation>最近一次肾活检{window}：{checks}</translation>
    </message>
    <message>
        <source>membranous nephropathy staged</source>
        <translation>已进行膜性肾病分期</translation>
    </message>
    <message>
        <source> {route}</source>
        <translation> {route}</translation>
    </message>
    <message>
        <source>, total {mg:g} mg</source>
        <translation>，总量 {mg:g} mg</translation>
    </message>
    <message>
        <source>{drug}{dose}{route} from {start} to {until}{total}</source>
        <translation>{drug}{dose}{route}，{start}至{until}{total}</translation>
    </message>
    <message>
        <source>ongoing</source>
        <translation>今</translation>
    </message>
    <message>
        <source>not counted (protocol exception): {medication}</source>
        <translation>不计入（方案例外）：{medication}</translation>
    </message>
    <message>
        <source>no {what} recorded {when}</source>
        <translation>{when}无{what}记录</translation>
    </message>
    <message>
        <source>on the screening date</source>
        <translation>筛选日</translation>
    </message>
    <message>
        <source>in the {days} days before screening</source>
        <translation>筛选前 {days} 天内</translation>
    </message>
    <message>
        <source>ever</source>
        <translation>既往</translation>
    </message>
    <message>
        <source> ({route})</source>
        <translation>（{route}）</translation>
    </message>
    <message>
        <source>, except {count} protocol exception(s)</source>
        <translation>，{count} 项方案例外除外</translation>
    </message>
    <message>
        <source>{what}{route} taken {when}{exceptions}</source>
        <translation>{when}使用{what}{route}{exceptions}</translation>
    </message>
    <message>
        <source>none of these drugs is taken on the screening date</source>
        <translation>筛选日未使用上述任何药物</translation>
    </message>
    <message>
        <source>{medication} ({days} days)</source>
        <translation>{medication}（{days} 天）</translation>
    </message>
    <message>
        <source>{what} taken at an unchanged dose for at least {days} days</source>
        <translation>{what}剂量稳定至少 {days} 天</translation>
    </message>
    <message>
        <source>none taken in the {days} days before {day}</source>
        <translation>{day} 前 {days} 天内未使用</translation>
    </message>
    <message>
        <source>on {day}: {evidence}</source>
        <translation>{day}：{evidence}</translation>
    </message>
    <message>
        <source>the daily dose of {drug} (mg/d)</source>
        <translation>{drug}的日剂量（mg/d）</translation>
    </message>
    <message>
        <source>{medication} = {daily:g} mg/d prednisone equivalent</source>
        <translation>{medication} = 泼尼松等效剂量 {daily:g} mg/d</translation>
    </message>
    <message>
        <source>none taken on the screening date (0 mg/d)</source>
        <translation>筛选日未使用（0 mg/d）</translation>
    </message>
    <message>
        <source>total {total:g} mg/d (limit {op} {limit:g} mg/d)</source>
        <translation>合计 {total:g} mg/d（界值 {op} {limit:g} mg/d）</translation>
    </message>
    <message>
        <source>at least {total:g} mg/d from the doses known (limit {op} {limit:g} mg/d)</source>
        <translation>已知剂量合计至少 {total:g} mg/d（限值 {op} {limit:g} mg/d）</translation>
    </message>
    <message>
        <source>at least {total:g} mg from the doses known</source>
        <translation>已知剂量合计至少 {total:g} mg</translation>
    </message>
    <message>
        <source> prednisone equivalent</source>
        <translation>（泼尼松等效剂量）</translation>
    </message>
    <message>
        <source> on every day of the last {days} days</source>
        <translation>，且过去 {days} 天内每天均如此</translation>
    </message>
    <message>
        <source>current daily dose of {what} {op} {mg:g} mg/d{unit}{when}</source>
        <translation>{what}当前日剂量{op} {mg:g} mg/d{unit}{when}</translation>
    </message>
    <message>
        <source>no {drugs} course in the {days} days before screening</source>
        <translation>筛选前 {days} 天内无{drugs}疗程</translation>
    </message>
    <message>
        <source>the cumulative dose (mg) of each course</source>
        <translation>每个疗程的累积剂量（mg）</translation>
    </message>
    <message>
        <source>cumulative {total:g} mg</source>
        <translation>累积 {total:g} mg</translation>
    </message>
    <message>
        <source>at least {mg:g} mg</source>
        <translation>不低于 {mg:g} mg</translation>
    </message>
    <message>
        <source>at most {mg:g} mg</source>
        <translation>不超过 {mg:g} mg</translation>
    </message>
    <message>
        <source>{drugs} in the {days} days before screening, cumulative dose {limits}</source>
        <translation>筛选前 {days} 天内使用{drugs}，累积剂量{limits}</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>{procedure} from {start} to {until}</source>
        <translation>{procedure}，{start}至{until}</translation>
    </message>
    <message>
        <source>no {what} recorded</source>
        <translation>无{what}记录</translation>
    </message>
    <message>
        <source>now</source>
        <translation>目前</translation>
    </message>
    <message>
        <source>{what} {when}</source>
        <translation>{when}{what}</translation>
    </message>
    <message>
        <source>when the {what} resolved</source>
        <translation>{what}的缓解/痊愈时间</translation>
    </message>
    <message>
        <source> ({kinds})</source>
        <translation>（{kinds}）</translation>
    </message>
    <message>
        <source>{names}{kinds}</source>
        <translation>{names}{kinds}</translation>
    </message>
    <message>
        <source>active in the {days} days before screening</source>
        <translation>筛选前 {days} 天内处于活动期</translation>
    </message>
    <message>
        <source>active now</source>
        <translation>目前处于活动期</translation>
    </message>
    <message>
        <source>, not counting {kinds}</source>
        <translation>，不计{kinds}</translation>
    </message>
    <message>
        <source>{what} {when}{excepted}</source>
        <translation>{what}（{when}{excepted}）</translation>
    </message>
    <message>
        <source>({agent})</source>
        <translation>（{agent}）</translation>
    </message>
    <message>
        <source>severity {severity}</source>
        <translation>严重程度 {severity}</translation>
    </message>
    <message>
        <source> to {day}</source>
        <translation> 至 {day}</translation>
    </message>
    <message>
        <source>{status} from {onset}{until}</source>
        <translation>{status}，{onset}{until}</translation>
    </message>
    <message>
        <source>treatment {treatment}</source>
        <translation>治疗 {treatment}</translation>
    </message>
    <message>
        <source>{diagnosis} diagnosed {day}{classification}</source>
        <translation>{diagnosis}，诊断日期 {day}{classification}</translation>
    </message>
    <message>
        <source>which classification criteria the diagnosis meets ({criteria})</source>
        <translation>诊断符合哪项分类标准（{criteria}）</translation>
    </message>
    <message>
        <source>the date of diagnosis or onset</source>
        <translation>诊断或起病日期</translation>
    </message>
    <message>
        <source>disease duration {days} days</source>
        <translation>病程 {days} 天</translation>
    </message>
    <message>
        <source>no diagnosis of {names} recorded</source>
        <translation>无{names}诊断记录</translation>
    </message>
    <message>
        <source> by {classifications}</source>
        <translation>（符合 {classifications}）</translation>
    </message>
    <message>
        <source>, for at least {days} days</source>
        <translation>，病程至少 {days} 天</translation>
    </message>
    <message>
        <source>diagnosis of {names}{classified}{duration}</source>
        <translation>诊断为{names}{classified}{duration}</translation>
    </message>
    <message>
        <source>male patient</source>
        <translation>男性患者</translation>
    </message>
    <message>
        <source>{what} status within {days} days before {day}</source>
        <translation>{day} 前 {days} 天内的{what}状态</translation>
    </message>
    <message>
        <source>{what} status on {day}</source>
        <translation>{day} 的{what}状态</translation>
    </message>
    <message>
        <source>contraception {method} on {day}</source>
        <translation>避孕方式 {method}（{day}）</translation>
    </message>
    <message>
        <source>{what}: {answer} on {day}</source>
        <translation>{what}：{answer}（{day}）</translation>
    </message>
    <message>
        <source>latest contraception is {methods}</source>
        <translation>最近一次记录的避孕方式为 {methods}</translation>
    </message>
    <message>
        <source>latest status: {what} is {answer}</source>
        <translation>最近一次记录：{what}为{answer}</translation>
    </message>
    <message>
        <source>childbearing potential</source>
        <translation>有生育可能</translation>
    </message>
    <message>
        <source>pregnant</source>
        <translation>妊娠</translation>
    </message>
    <message>
        <source>lactating</source>
        <translation>哺乳期</translation>
    </message>
    <message>
        <source>planning pregnancy</source>
        <translation>计划妊娠</translation>
    </message>
    <message>
        <source>contraception</source>
        <translation>避孕</translation>
    </message>
    <message>
        <source>a coordinator&apos;s or investigator&apos;s answer</source>
        <translation>协调员或研究者的回答</translation>
    </message>
    <message>
        <source>answered by the coordinator or investigator: {question}</source>
        <translation>由协调员或研究者回答：{question}</translation>
    </message>
    <message>
        <source>answered by the coordinator or investigator</source>
        <translation>由协调员或研究者回答</translation>
    </message>
    <message>
        <source>all of: {rules}</source>
        <translation>满足以下全部：{rules}</translation>
    </message>
    <message>
        <source>any of: {rules}</source>
        <translation>满足以下任一：{rules}</translation>
    </message>
    <message>
        <source>the first that can be answered of: {rules}</source>
        <translation>按顺序取最先能判定的一项：{rules}</translation>
    </message>
    <message>
        <source>not ({rule})</source>
        <translation>不满足（{rule}）</translation>
    </message>
    <message>
        <source>II</source>
        <translation>II</translation>
    </message>
    <message>
        <source>III</source>
        <translation>III</translation>
    </message>
    <message>
        <source>IV</source>
        <translation>IV</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>未见</translation>
    </message>
    <message>
        <source>abstinence</source>
        <translation>禁欲</translation>
    </message>
    <message>
        <source>active</source>
        <translation>活动期</translation>
    </message>
    <message>
        <source>alkylating agent</source>
        <translation>烷化剂</translation>
    </message>
    <message>
        <source>alkylating_agent</source>
        <translation>烷化剂</translation>
    </message>
    <message>
        <source>anti infective</source>
        <translation>抗感染药物</translation>
    </message>
    <message>
        <source>anti_infective</source>
        <translation>抗感染药物</translation>
    </message>
    <message>
        <source>antidiabetic</source>
        <translation>降糖药物</translation>
    </message>
    <message>
        <source>antimalarial</source>
        <translation>抗疟药</translation>
    </message>
    <message>
        <source>antimetabolite</source>
        <translation>抗代谢药物</translation>
    </message>
    <message>
        <source>atypical mycobacterial</source>
        <translation>非典型分枝杆菌</translation>
    </message>
    <message>
        <source>atypical_mycobacterial</source>
        <translation>非典型分枝杆菌</translation>
    </message>
    <message>
        <source>b cell targeted</source>
        <translation>B 细胞靶向药物</translation>
    </message>
    <message>
        <source>b_cell_targeted</source>
        <translation>B 细胞靶向药物</translation>
    </message>
    <message>
        <source>bacterial</source>
        <translation>细菌性</translation>
    </message>
    <message>
        <source>barrier</source>
        <translation>屏障避孕</translation>
    </message>
    <message>
        <source>basal cell carcinoma</source>
        <translation>基底细胞癌</translation>
    </message>
    <message>
        <source>basal_cell_carcinoma</source>
        <translation>基底细胞癌</translation>
    </message>
    <message>
        <source>biologic</source>
        <translation>生物制剂</translation>
    </message>
    <message>
        <source>calcineurin inhibitor</source>
        <translation>钙调磷酸酶抑制剂</translation>
    </message>
    <message>
        <source>calcineurin_inhibitor</source>
        <translation>钙调磷酸酶抑制剂</translation>
    </message>
    <message>
        <source>cell therapy</source>
        <translation>细胞治疗</translation>
    </message>
    <message>
        <source>cell_therapy</source>
        <translation>细胞治疗</translation>
    </message>
    <message>
        <source>cervical carcinoma in situ</source>
        <translation>宫颈原位癌</translation>
    </message>
    <message>
        <source>cervical_carcinoma_in_situ</source>
        <translation>宫颈原位癌</translation>
    </message>
    <message>
        <source>chemotherapy</source>
        <translation>化疗</translation>
    </message>
    <message>
        <source>cmv</source>
        <translation>CMV</translation>
    </message>
    <message>
        <source>cmv pneumonia</source>
        <translation>CMV 肺炎</translation>
    </message>
    <message>
        <source>cmv_pneumonia</source>
        <translation>CMV 肺炎</translation>
    </message>
    <message>
        <source>covid19</source>
        <translation>新型冠状病毒感染</translation>
    </message>
    <message>
        <source>crrt</source>
        <translation>连续性肾脏替代治疗（CRRT）</translation>
    </message>
    <message>
        <source>excision</source>
        <translation>切除</translation>
    </message>
    <message>
        <source>fungal</source>
        <translation>真菌性</translation>
    </message>
    <message>
        <source>glucocorticoid</source>
        <translation>糖皮质激素</translation>
    </message>
    <message>
        <source>granulomatous</source>
        <translation>肉芽肿性</translation>
    </message>
    <message>
        <source>haemodialysis</source>
        <translation>血液透析</translation>
    </message>
    <message>
        <source>hepatitis b</source>
        <translation>乙型肝炎</translation>
    </message>
    <message>
        <source>hepatitis c</source>
        <translation>丙型肝炎</translation>
    </message>
    <message>
        <source>hepatitis_b</source>
        <translation>乙型肝炎</translation>
    </message>
    <message>
        <source>hepatitis_c</source>
        <translation>丙型肝炎</translation>
    </message>
    <message>
        <source>hepatoprotective</source>
        <translation>保肝药物</translation>
    </message>
    <message>
        <source>herpes zoster</source>
        <translation>带状疱疹</translation>
    </message>
    <message>
        <source>herpes_zoster</source>
        <translation>带状疱疹</translation>
    </message>
    <message>
        <source>hiv</source>
        <translation>HIV</translation>
    </message>
    <message>
        <source>hormonal</source>
        <translation>激素避孕</translation>
    </message>
    <message>
        <source>im</source>
        <translation>肌内注射</translation>
    </message>
    <message>
        <source>immunoglobulin</source>
        <translation>免疫球蛋白</translation>
    </message>
    <message>
        <source>immunosuppressant</source>
        <translation>免疫抑制剂</translation>
    </message>
    <message>
        <source>indeterminate</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>iud</source>
        <translation>宫内节育器</translation>
    </message>
    <message>
        <source>iv</source>
        <translation>静脉</translation>
    </message>
    <message>
        <source>latent tuberculosis</source>
        <translation>潜伏性结核感染</translation>
    </message>
    <message>
        <source>latent_tuberculosis</source>
        <translation>潜伏性结核感染</translation>
    </message>
    <message>
        <source>life_threatening</source>
        <translation>危及生命</translation>
    </message>
    <message>
        <source>mild</source>
        <translation>轻度</translation>
    </message>
    <message>
        <source>moderate</source>
        <translation>中度</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>onychomycosis</source>
        <translation>甲真菌病</translation>
    </message>
    <message>
        <source>oral</source>
        <translation>口服</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>partner_sterilised</source>
        <translation>伴侣已绝育</translation>
    </message>
    <message>
        <source>peritoneal dialysis</source>
        <translation>腹膜透析</translation>
    </message>
    <message>
        <source>peritoneal_dialysis</source>
        <translation>腹膜透析</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <source>present</source>
        <translation>可见</translation>
    </message>
    <message>
        <source>radiotherapy</source>
        <translation>放疗</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>拒绝避孕</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已痊愈</translation>
    </message>
    <message>
        <source>sc</source>
        <translation>皮下注射</translation>
    </message>
    <message>
        <source>severe</source>
        <translation>重度</translation>
    </message>
    <message>
        <source>solid tumour</source>
        <translation>实体瘤</translation>
    </message>
    <message>
        <source>solid_tumour</source>
        <translation>实体瘤</translation>
    </message>
    <message>
        <source>squamous cell skin carcinoma</source>
        <translation>皮肤鳞状细胞癌</translation>
    </message>
    <message>
        <source>squamous_cell_skin_carcinoma</source>
        <translation>皮肤鳞状细胞癌</translation>
    </message>
    <message>
        <source>sterilisation</source>
        <translation>绝育</translation>
    </message>
    <message>
        <source>surgical</source>
        <translation>手术</translation>
    </message>
    <message>
        <source>syphilis</source>
        <translation>梅毒</translation>
    </message>
    <message>
        <source>tuberculosis</source>
        <translation>结核</translation>
    </message>
    <message>
        <source>urinary tract</source>
        <translation>泌尿道</translation>
    </message>
    <message>
        <source>urinary_tract</source>
        <translation>泌尿道</translation>
    </message>
    <message>
        <source>unreadable signature: {reason}</source>
        <translation>签名无法读取：{reason}</translation>
    </message>
    <message>
        <source>cannot be checked: {reason}</source>
        <translation>无法核验：{reason}</translation>
    </message>
    <message>
        <source>the signed bytes do not match their hash</source>
        <translation>签署的字节与其哈希值不符</translation>
    </message>
    <message>
        <source>the signature does not verify with the signer&apos;s key</source>
        <translation>用签署人的密钥无法验证该签名</translation>
    </message>
    <message>
        <source>not issued by a trusted site authority</source>
        <translation>并非由受信任的本中心证书机构签发</translation>
    </message>
    <message>
        <source>certificate expired or not yet valid</source>
        <translation>证书已过期或尚未生效</translation>
    </message>
    <message>
        <source>certificate expired</source>
        <translation>证书已过期</translation>
    </message>
    <message>
        <source>certificate not yet valid</source>
        <translation>证书尚未生效</translation>
    </message>
    <message>
        <source>certificate revoked</source>
        <translation>证书已被吊销</translation>
    </message>
    <message>
        <source>certificate chain constraints not met</source>
        <translation>不满足证书链约束</translation>
    </message>
    <message>
        <source>certificate chain not valid at that time</source>
        <translation>证书链在签署时无效</translation>
    </message>
    <message>
        <source>certificate not allowed to sign documents</source>
        <translation>该证书不允许签署文件</translation>
    </message>
    <message>
        <source>not trusted ({reason})</source>
        <translation>不受信任（{reason}）</translation>
    </message>
    <message>
        <source>changed after signing: {reason}</source>
        <translation>签署后被更改：{reason}</translation>
    </message>
    <message>
        <source>changed after signing</source>
        <translation>签署后被更改</translation>
    </message>
    <message>
        <source>{user} may not read the registry</source>
        <translation>{user} 无权读取登记库</translation>
    </message>
    <message>
        <source>the signature names no TrialDesk user, meaning or time</source>
        <translation>该签名未注明 TrialDesk 用户、签署含义或时间</translation>
    </message>
    <message>
        <source>no electronic signature &quot;{meaning}&quot; by {user} at that time in this registry</source>
        <translation>本登记库中没有 {user} 在该时间所作的“{meaning}”电子签名</translation>
    </message>
    <message>
        <source>{what}: the electronic signature is on record and still matches</source>
        <translation>{what}：电子签名有记录且仍然一致</translation>
    </message>
    <message>
        <source>{what} has CHANGED since it was signed: the electronic signature no longer matches it</source>
        <translation>{what} 在签署后已被更改：电子签名已不再与其一致</translation>
    </message>
    <message>
        <source>drug &apos;{name}&apos; is not in the vocabulary or the site mapping</source>
        <translation>药物“{name}”不在词表或本中心映射中</translation>
    </message>
    <message>
        <source>condition &apos;{name}&apos; is not in the vocabulary or the site mapping</source>
        <translation>疾病“{name}”不在词表或本中心映射中</translation>
    </message>
    <message>
        <source>status &apos;{status}&apos;: withdrawn at the source</source>
        <translation>状态“{status}”：来源处已撤回</translation>
    </message>
    <message>
        <source>status &apos;{status}&apos;: not a final result</source>
        <translation>状态“{status}”：不是最终结果</translation>
    </message>
    <message>
        <source>no patient in the registry has the record or registry number &apos;{ids}&apos;</source>
        <translation>登记库中没有病历号或登记号为“{ids}”的患者</translation>
    </message>
    <message>
        <source>{name}: {error}</source>
        <translation>{name}：{error}</translation>
    </message>
    <message>
        <source>not needed by any trial (site mapping)</source>
        <translation>任何试验都不需要（本中心映射）</translation>
    </message>
    <message>
        <source>LOINC {loinc} is {by_loinc} but the name &apos;{name}&apos; is {by_name}</source>
        <translation>LOINC {loinc} 对应{by_loinc}，但名称“{name}”对应{by_name}</translation>
    </message>
    <message>
        <source>not needed by any trial</source>
        <translation>任何试验都不需要</translation>
    </message>
    <message>
        <source>test &apos;{name}&apos; is not in the vocabulary or the site mapping</source>
        <translation>检验项目“{name}”不在词表或本中心映射中</translation>
    </message>
    <message>
        <source>test &apos;{name}&apos; may be {codes}; its unit &apos;{unit}&apos; does not tell which</source>
        <translation>检验项目“{name}”可能是{codes}；其单位“{unit}”无法区分</translation>
    </message>
    <message>
        <source>result &apos;{result}&apos; is not a finite number</source>
        <translation>结果“{result}”不是有限数值</translation>
    </message>
    <message>
        <source>flag &apos;{flag}&apos; is not one this reader knows (↑ ↓ H L N)</source>
        <translation>标志“{flag}”无法识别（可识别：↑ ↓ H L N）</translation>
    </message>
    <message>
        <source>result &apos;{result}&apos; is not a titre (1:N); {test} is recorded as a titre</source>
        <translation>结果“{result}”不是滴度（1:N）；{test}按滴度记录</translation>
    </message>
    <message>
        <source>result &apos;{result}&apos; is not a number</source>
        <translation>结果“{result}”不是数值</translation>
    </message>
    <message>
        <source>result &apos;{result}&apos; is not a number; {test} is a measured quantity</source>
        <translation>结果“{result}”不是数值；{test}是定量项目</translation>
    </message>
    <message>
        <source>no unit given; {test} takes one of: {units}</source>
        <translation>未给出单位；{test}可用单位：{units}</translation>
    </message>
    <message>
        <source>unit &apos;{unit}&apos; is not one the vocabulary accepts for {test} ({units})</source>
        <translation>单位“{unit}”不是词表中{test}可接受的单位（{units}）</translation>
    </message>
    <message>
        <source>result &apos;{result}&apos; is a number but {test} is positive or negative, and no cut-off or flag says which</source>
        <translation>结果“{result}”是数值，但{test}为阴性/阳性项目，且没有临界值或标志可判断</translation>
    </message>
    <message>
        <source>result &apos;{result}&apos; is not one of {values} for {test}</source>
        <translation>结果“{result}”不是{test}的可选值之一（{values}）</translation>
    </message>
    <message>
        <source>reference range &apos;{text}&apos; has its lower limit above its upper</source>
        <translation>参考范围“{text}”的下限高于上限</translation>
    </message>
    <message>
        <source>reference range &apos;{text}&apos; is not a range this reader knows (e.g. 41-81, &lt;20, ≤40)</source>
        <translation>参考范围“{text}”的写法无法识别（例如 41-81、&lt;20、≤40）</translation>
    </message>
    <message>
        <source>reference range &apos;{text}&apos; differs by sex and the patient&apos;s sex is not known</source>
        <translation>参考范围“{text}”因性别而异，但患者性别未知</translation>
    </message>
    <message>
        <source>reference range &apos;{text}&apos; gives no range for the patient&apos;s sex</source>
        <translation>参考范围“{text}”没有给出患者性别对应的范围</translation>
    </message>
    <message>
        <source>result &apos;{raw}&apos; is not a number or a result word</source>
        <translation>结果“{raw}”不是数值或结果用语</translation>
    </message>
    <message>
        <source>the result is empty</source>
        <translation>结果为空</translation>
    </message>
    <message>
        <source>result &apos;{raw}&apos; is not a number (it has &apos;{rest}&apos; after {number})</source>
        <translation>结果“{raw}”不是数值（{number}之后还有“{rest}”）</translation>
    </message>
    <message>
        <source>result &apos;{raw}&apos; is not a number or a result word (阴性, 阳性, negative, positive, +, -)</source>
        <translation>结果“{raw}”不是数值或结果用语（阴性、阳性、negative、positive、+、-）</translation>
    </message>
    <message>
        <source>no sample or report time</source>
        <translation>没有采样或报告时间</translation>
    </message>
    <message>
        <source>&apos;{raw}&apos; is not a real date and time</source>
        <translation>“{raw}”不是有效的日期时间</translation>
    </message>
    <message>
        <source>&apos;{raw}&apos; is not a date (e.g. 2026-12-01 08:30, 2026/12/01, 20261201)</source>
        <translation>“{raw}”不是日期（例如 2026-12-01 08:30、2026/12/01、20261201）</translation>
    </message>
    <message>
        <source>{place}row {number}</source>
        <translation>{place}第 {number} 行</translation>
    </message>
    <message>
        <source>sheet {sheet}, </source>
        <translation>工作表 {sheet}，</translation>
    </message>
    <message>
        <source>already in the registry (or earlier in the file)</source>
        <translation>登记库中已有（或文件中前面已出现）</translation>
    </message>
    <message>
        <source>cannot create the patient: no {missing} in the Patient resource</source>
        <translation>无法创建患者：Patient 资源中没有 {missing}</translation>
    </message>
    <message>
        <source>cannot create the patient: {error}</source>
        <translation>无法创建患者：{error}</translation>
    </message>
    <message>
        <source>the name in the file ({name}) is not the registry&apos;s name for patient {registry_no}: is it the right patient?</source>
        <translation>文件中的姓名（{name}）与登记库中患者 {registry_no} 的姓名不同：是否为同一患者？</translation>
    </message>
    <message>
        <source>record number {record_no} belongs to more than one patient in the registry; give the registry number</source>
        <translation>病历号 {record_no} 在登记库中对应多名患者；请给出登记号</translation>
    </message>
    <message>
        <source>contradicts the result already recorded for {when} ({shown}); correct one of them first</source>
        <translation>与已记录的 {when} 结果（{shown}）矛盾；请先更正其中之一</translation>
    </message>
    <message>
        <source>this diagnosis is already recorded</source>
        <translation>该诊断已记录</translation>
    </message>
    <message>
        <source>contradicts what is already recorded for the same start; correct one of them first</source>
        <translation>与同一开始日期已记录的内容矛盾；请先更正其中之一</translation>
    </message>
    <message>
        <source>ELIGIBLE</source>
        <translation>符合入选</translation>
    </message>
    <message>
        <source>NOT ELIGIBLE (screen failure)</source>
        <translation>不符合入选（筛选失败）</translation>
    </message>
    <message>
        <source>INCOMPLETE (criteria without a final answer)</source>
        <translation>未完成（有标准尚无最终答案）</translation>
    </message>
    <message>
        <source>needs review</source>
        <translation>需研究者审核</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>ready for review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>已签署</translation>
    </message>
    <message>
        <source>enrolled</source>
        <translation>已入组</translation>
    </message>
    <message>
        <source>screen failure</source>
        <translation>筛选失败</translation>
    </message>
    <message>
        <source>Inclusion criteria (must be yes)</source>
        <translation>纳入标准（须为“是”）</translation>
    </message>
    <message>
        <source>Exclusion criteria (must be no)</source>
        <translation>排除标准（须为“否”）</translation>
    </message>
    <message>
        <source>override</source>
        <translation>推翻</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Inclusion criteria must be answered &lt;b&gt;yes&lt;/b&gt;, exclusion criteria &lt;b&gt;no&lt;/b&gt;; a final answer against this is a screen-failure reason. The automatic answer is TrialDesk&apos;s reading of the recorded data; the final answer is what counts (an investigator&apos;s override, else a manual answer where the data could not decide, else the automatic answer).</source>
        <translation>纳入标准须回答&lt;b&gt;是&lt;/b&gt;，排除标准须回答&lt;b&gt;否&lt;/b&gt;；与此相反的最终答案即为筛选失败原因。自动答案是TrialDesk根据已记录数据得出的判断；以最终答案为准（研究者的推翻，否则为数据无法判断时的手动答案，否则为自动答案）。</translation>
    </message>
    <message>
        <source>The criteria are printed in their registered English, which governs; the Chinese under each is a reference translation.</source>
        <translation>各标准按注册的英文原文打印，以原文为准；其下的中文为参考译文。</translation>
    </message>
    <message>
        <source>Eligibility screening checklist</source>
        <translation>入选资格筛选核对表</translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Eligibility checklist</source>
        <translation>入选资格核对表</translation>
    </message>
    <message>
        <source>Patient {initials}</source>
        <translation>患者 {initials}</translation>
    </message>
    <message>
        <source>Generated {time}</source>
        <translation>生成于 {time}</translation>
    </message>
    <message>
        <source>Screening number</source>
        <translation>筛选号</translation>
    </message>
    <message>
        <source>Screening date</source>
        <translation>筛选日期</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Protocol version</source>
        <translation>方案版本</translation>
    </message>
    <message>
        <source>Principal investigator</source>
        <translation>主要研究者</translation>
    </message>
    <message>
        <source>Patient initials</source>
        <translation>患者姓名缩写</translation>
    </message>
    <message>
        <source>Age / sex</source>
        <translation>年龄 / 性别</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Screening status</source>
        <translation>筛选状态</translation>
    </message>
    <message>
        <source>&lt;b&gt;Override&lt;/b&gt; by {by}{when}: final answer &lt;b&gt;{answer}&lt;/b&gt; (automatic: {automatic}). Reason: {reason}</source>
        <translation>&lt;b&gt;推翻&lt;/b&gt;：{by}{when}：最终答案&lt;b&gt;{answer}&lt;/b&gt;（自动：{automatic}）。理由：{reason}</translation>
    </message>
    <message>
        <source>(none given)</source>
        <translation>（未给出）</translation>
    </message>
    <message>
        <source> (not used: overridden)</source>
        <translation>（未采用：已被推翻）</translation>
    </message>
    <message>
        <source> (not used: the automatic answer decides)</source>
        <translation>（未采用：以自动答案为准）</translation>
    </message>
    <message>
        <source> Note: {note}</source>
        <translation> 备注：{note}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Manual answer&lt;/b&gt; by {by}{when}: &lt;b&gt;{answer}&lt;/b&gt;{status}.{note}</source>
        <translation>&lt;b&gt;手动答案&lt;/b&gt;：{by}{when}：&lt;b&gt;{answer}&lt;/b&gt;{status}。{note}</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Criterion (verbatim protocol text)</source>
        <translation>标准（方案原文）</translation>
    </message>
    <message>
        <source>Data used</source>
        <translation>所用数据</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>最终</translation>
    </message>
    <message>
        <source>Ambiguous text:</source>
        <translation>原文歧义：</translation>
    </message>
    <message>
        <source>Missing / to answer: {item}</source>
        <translation>缺少 / 待回答：{item}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source> Reason: {reason}.</source>
        <translation> 理由：{reason}。</translation>
    </message>
    <message>
        <source>Reading &lt;b&gt;{label}&lt;/b&gt; adopted for the trial at this site.{because}</source>
        <translation>本中心已为该试验采用解读&lt;b&gt;{label}&lt;/b&gt;。{because}</translation>
    </message>
    <message>
        <source>Reading &lt;b&gt;{label}&lt;/b&gt; chosen by the investigator for this screening.{because}</source>
        <translation>研究者为本次筛选选择了解读&lt;b&gt;{label}&lt;/b&gt;。{because}</translation>
    </message>
    <message>
        <source>All {count} readings agree: the answer stands.</source>
        <translation>全部 {count} 种解读一致：答案成立。</translation>
    </message>
    <message>
        <source>The readings disagree or lack data: the investigator chooses a reading.</source>
        <translation>各解读不一致或缺少数据：由研究者选择一种解读。</translation>
    </message>
    <message>
        <source> (literal text)</source>
        <translation>（字面原文）</translation>
    </message>
    <message>
        <source>Answer: &lt;b&gt;{answer}&lt;/b&gt;</source>
        <translation>答案：&lt;b&gt;{answer}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Missing: {item}</source>
        <translation>缺少：{item}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Readings of {id} side by side.&lt;/b&gt; {resolution}</source>
        <translation>&lt;b&gt;{id} 的各种解读对照。&lt;/b&gt;{resolution}</translation>
    </message>
    <message>
        <source>inclusion</source>
        <translation>纳入</translation>
    </message>
    <message>
        <source>exclusion</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>Screen-failure reasons:</source>
        <translation>筛选失败原因：</translation>
    </message>
    <message>
        <source>&lt;b&gt;{id}&lt;/b&gt; ({kind}, final answer {answer}): {text}</source>
        <translation>&lt;b&gt;{id}&lt;/b&gt;（{kind}，最终答案{answer}）：{text}</translation>
    </message>
    <message>
        <source>Without a final answer: {ids}</source>
        <translation>尚无最终答案：{ids}</translation>
    </message>
    <message>
        <source>Prepared by</source>
        <translation>编制人</translation>
    </message>
    <message>
        <source>Eligibility confirmed by investigator</source>
        <translation>研究者确认入选资格</translation>
    </message>
    <message>
        <source>Screening log reviewed</source>
        <translation>筛选日志已审阅</translation>
    </message>
    <message>
        <source>Signed electronically as {user} (user name and password)</source>
        <translation>以 {user} 电子签名（用户名和密码）</translation>
    </message>
    <message>
        <source>Signed electronically (user name and password)</source>
        <translation>电子签名（用户名和密码）</translation>
    </message>
    <message>
        <source>Sign and date by hand</source>
        <translation>手写签名并注明日期</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>打印姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>日期和时间</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>&lt;b&gt;NO LONGER MATCHES:&lt;/b&gt; what was signed has changed since this signature was given</source>
        <translation>&lt;b&gt;已不再相符：&lt;/b&gt;签名后所签内容已被更改</translation>
    </message>
    <message>
        <source>Document {id}</source>
        <translation>文件 {id}</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>Audit trail at printing: entry {entries}, {hash}</source>
        <translation>打印时的稽查轨迹：第 {entries} 条，{hash}</translation>
    </message>
    <message>
        <source>eligible</source>
        <translation>符合入选</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>{name} {op} {limit}</source>
        <translation>{name}{op} {limit}</translation>
    </message>
    <message>
        <source>{name} {values}</source>
        <translation>{name}为{values}</translation>
    </message>
    <message>
        <source>{drug} started</source>
        <translation>开始使用{drug}</translation>
    </message>
    <message>
        <source>{name} confirmed</source>
        <translation>{name}确诊</translation>
    </message>
    <message>
        <source>no start of {names} recorded</source>
        <translation>未记录开始使用{names}</translation>
    </message>
    <message>
        <source>{event} {day}</source>
        <translation>{event}：{day}</translation>
    </message>
    <message>
        <source>{name} has {change} by {op} {percent:g}% from the first start of {drugs} to a result {since}-{until} days after it</source>
        <translation>{name}自首次开始使用{drugs}起，至其后 {since}-{until} 天内的某次结果，{change}{op} {percent:g}%</translation>
    </message>
    <message>
        <source>a result of {names} in the {days} days before {day}</source>
        <translation>{day}前 {days} 天内的{names}结果</translation>
    </message>
    <message>
        <source>{reading}: {verdict}</source>
        <translation>{reading}：{verdict}</translation>
    </message>
    <message>
        <source>any result in the last {days} days with {conditions}</source>
        <translation>最近 {days} 天内任一结果{conditions}</translation>
    </message>
    <message>
        <source>every result in the last {days} days (at least one): {conditions}</source>
        <translation>最近 {days} 天内每一次结果（至少一次）：{conditions}</translation>
    </message>
    <message>
        <source>{times} consecutive results in the last {days} days with {conditions}</source>
        <translation>最近 {days} 天内连续 {times} 次结果{conditions}</translation>
    </message>
    <message>
        <source>meets it</source>
        <translation>符合</translation>
    </message>
    <message>
        <source>does not meet it</source>
        <translation>不符合</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>无法判读</translation>
    </message>
    <message>
        <source>no course of {what} started in the {days} days before {day}</source>
        <translation>{day}前 {days} 天内未开始新的{what}疗程</translation>
    </message>
    <message>
        <source>{course} after {before}</source>
        <translation>{course}（此前：{before}）</translation>
    </message>
    <message>
        <source>{course} (newly started)</source>
        <translation>{course}（新开始）</translation>
    </message>
    <message>
        <source>the daily doses (mg/d) of {drug} before and after {day}</source>
        <translation>{day}前后{drug}的日剂量（mg/d）</translation>
    </message>
    <message>
        <source> (a new start counts)</source>
        <translation>（新开始用药也计入）</translation>
    </message>
    <message>
        <source>the daily dose of {what} increased in the last {days} days{started}</source>
        <translation>最近 {days} 天内{what}的日剂量增加{started}</translation>
    </message>
    <message>
        <source>a body weight within {days} days before {day} (the limit is per kg)</source>
        <translation>{day}前 {days} 天内的体重（限值按每公斤体重计）</translation>
    </message>
    <message>
        <source>a body weight in a convertible unit</source>
        <translation>可换算单位的体重</translation>
    </message>
    <message>
        <source>{weight}: limit {per_kg:g} mg/kg/d = {limit:g} mg/d</source>
        <translation>{weight}：限值 {per_kg:g} mg/kg/d = {limit:g} mg/d</translation>
    </message>
    <message>
        <source>current daily dose of {what} {op} {mg:g} mg/kg/d{unit}{when} (the latest weight within {weight_days} days)</source>
        <translation>当前{what}日剂量{op} {mg:g} mg/kg/d{unit}{when}（按 {weight_days} 天内最近一次体重）</translation>
    </message>
    <message>
        <source>BILAG-2004: at most {a} A and at most {b} B across the domains other than {left_out}</source>
        <translation>BILAG-2004：除{left_out}外各系统中 A 级至多 {a} 个、B 级至多 {b} 个</translation>
    </message>
    <message>
        <source>fibrocellular crescents pct</source>
        <translation>纤维细胞性新月体百分比</translation>
    </message>
    <message>
        <source>cellular + fibrocellular crescents pct</source>
        <translation>细胞性+纤维细胞性新月体百分比</translation>
    </message>
    <message>
        <source>{name} {change} by {op} {percent:g}% from the baseline taken {since}-{until} days before screening</source>
        <translation>{name}较筛选前 {since}-{until} 天的基线{change}{op} {percent:g}%</translation>
    </message>
    <message>
        <source>{name} {value}</source>
        <translation>{name} {value}</translation>
    </message>
    <message>
        <source>no {name} of {values} recorded</source>
        <translation>未记录{values}的{name}</translation>
    </message>
    <message>
        <source>{name} has {change} by {op} {percent:g}% from the first {event} of {values} to a result {since}-{until} days after it</source>
        <translation>{name}自首次{event}为{values}起，至其后 {since}-{until} 天内的某次结果，{change}{op} {percent:g}%</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>完全</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>visit {visit} (week {week:g}): window {start} to {end}</source>
        <translation>访视 {visit}（第 {week:g} 周）：窗口期 {start} 至 {end}</translation>
    </message>
    <message>
        <source>{label}: the record changed after it was signed; screen again before enrolling</source>
        <translation>{label}：签署后病历已更改；入组前请重新筛选</translation>
    </message>
    <message>
        <source>{label} begun {day}</source>
        <translation>{label}，{day} 开始</translation>
    </message>
    <message>
        <source>no backup of this registry yet</source>
        <translation>本登记库尚无备份</translation>
    </message>
    <message>
        <source>last good backup {day} ({days} days ago)</source>
        <translation>最近一次有效备份 {day}（{days} 天前）</translation>
    </message>
    <message>
        <source>{count} texts have no Chinese ({{en, zh}}), the first {first}; the Chinese window and PDFs show their English</source>
        <translation>{count} 处文字没有中文（{{en, zh}}），第一处为 {first}；中文界面和 PDF 显示其英文</translation>
    </message>
    <message>
        <source>no demo section: `trialdesk demo` makes no patients for this trial</source>
        <translation>没有 demo 部分：`trialdesk demo` 不为此试验生成演示患者</translation>
    </message>
    <message>
        <source>Screening no.</source>
        <translation>筛选号</translation>
    </message>
    <message>
        <source>Date screened</source>
        <translation>筛选日期</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>姓名缩写</translation>
    </message>
    <message>
        <source>Age/sex</source>
        <translation>年龄/性别</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Screen-failure reasons</source>
        <translation>筛选失败原因</translation>
    </message>
    <message>
        <source>Consent date</source>
        <translation>知情同意日期</translation>
    </message>
    <message>
        <source>Subject no.</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Screening log</source>
        <translation>筛选日志</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>Screenings ({count})</source>
        <translation>筛选记录（{count}）</translation>
    </message>
    <message>
        <source>{start} to {end}</source>
        <translation>{start} 至 {end}</translation>
    </message>
    <message>
        <source>from {start}</source>
        <translation>自 {start} 起</translation>
    </message>
    <message>
        <source>up to {end}</source>
        <translation>至 {end} 止</translation>
    </message>
    <message>
        <source>all dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>Period screened</source>
        <translation>筛选期间</translation>
    </message>
    <message>
        <source>Screenings</source>
        <translation>筛选数</translation>
    </message>
    <message>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Screen-failure reason</source>
        <translation>筛选失败原因</translation>
    </message>
    <message>
        <source>no screen failures</source>
        <translation>无筛选失败</translation>
    </message>
    <message>
        <source>A screening may fail on several criteria: it is counted under each.</source>
        <translation>一次筛选可能因多条标准失败：在每条标准下各计一次。</translation>
    </message>
    <message>
        <source>protocol {version}</source>
        <translation>方案 {version}</translation>
    </message>
    <message>
        <source>no screenings in this period</source>
        <translation>该期间无筛选记录</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <source>investigator</source>
        <translation>研究者</translation>
    </message>
    <message>
        <source>monitor</source>
        <translation>监查员</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Reference translation (the registered text governs): </source>
        <translation>参考译文（以注册原文为准）：</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>Week {0}</source>
        <translation>第{0}周</translation>
    </message>
</context>
<context>
    <name>Encrypting</name>
    <message>
        <source>&amp;Encrypt the registry…</source>
        <translation>加密登记库(&amp;E)…</translation>
    </message>
    <message>
        <source>Encrypt the registry</source>
        <translation>加密登记库</translation>
    </message>
    <message>
        <source>The registry is stored in clear: anyone who copies the file reads every patient. Encrypting it makes a backup first, then each account&apos;s password opens it as before; you receive the site&apos;s recovery key. Close TrialDesk on this workstation&apos;s other windows first.</source>
        <translation>登记库目前以明文保存：任何复制该文件的人都能读取所有患者信息。加密前会先做一次备份，之后各账户仍用原密码打开；您将获得中心的恢复密钥。请先关闭本工作站上 TrialDesk 的其他窗口。</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <source>Encrypting the registry…</source>
        <translation>正在加密登记库…</translation>
    </message>
    <message>
        <source>The site&apos;s recovery key</source>
        <translation>中心的恢复密钥</translation>
    </message>
    <message>
        <source>The registry was not encrypted: {0}</source>
        <translation>登记库未加密：{0}</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Enrol</source>
        <translation>入组</translation>
    </message>
    <message>
        <source>Record the enrolment of {0} in {1}.</source>
        <translation>记录 {0} 入组 {1}。</translation>
    </message>
    <message>
        <source>Enrolment date</source>
        <translation>入组日期</translation>
    </message>
    <message>
        <source>Subject / randomisation no.</source>
        <translation>受试者/随机号</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>组别</translation>
    </message>
</context>
<context>
    <name>FollowUpColumns</name>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理事项</translation>
    </message>
    <message>
        <source>Drug</source>
        <translation>药物</translation>
    </message>
    <message>
        <source>From mg/d</source>
        <translation>原剂量 mg/d</translation>
    </message>
    <message>
        <source>To mg/d</source>
        <translation>新剂量 mg/d</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Why (engine)</source>
        <translation>依据（规则引擎）</translation>
    </message>
    <message>
        <source>Protocol text</source>
        <translation>方案原文</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>提示信息</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口期</translation>
    </message>
    <message>
        <source>Labs</source>
        <translation>检验项目</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>疗效评价</translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation>判定标准</translation>
    </message>
</context>
<context>
    <name>FollowUpPage</name>
    <message>
        <source>Follow-up</source>
        <translation>随访</translation>
    </message>
    <message>
        <source>Enrolled patient and trial</source>
        <translation>已入组患者及试验</translation>
    </message>
    <message>
        <source>Type a registry number, name or trial</source>
        <translation>输入登记号、姓名或试验</translation>
    </message>
    <message>
        <source>As of date</source>
        <translation>截至日期</translation>
    </message>
    <message>
        <source>Replay the follow-up as it stood on this day</source>
        <translation>回放截至该日的随访情况</translation>
    </message>
    <message>
        <source>&amp;As of:</source>
        <translation>截至(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>今天(&amp;T)</translation>
    </message>
    <message>
        <source>Show today</source>
        <translation>显示今天</translation>
    </message>
    <message>
        <source>&amp;Patient…</source>
        <translation>患者(&amp;P)…</translation>
    </message>
    <message>
        <source>Open the patient&apos;s record</source>
        <translation>打开患者记录</translation>
    </message>
    <message>
        <source>Pa&amp;tient in study:</source>
        <translation>研究中的患者(&amp;T)：</translation>
    </message>
    <message>
        <source>Study summary</source>
        <translation>研究概况</translation>
    </message>
    <message>
        <source>Due actions</source>
        <translation>到期处理事项</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>警示</translation>
    </message>
    <message>
        <source>Next visits</source>
        <translation>后续访视</translation>
    </message>
    <message>
        <source>Responses</source>
        <translation>疗效评价</translation>
    </message>
    <message>
        <source>Every step so far</source>
        <translation>迄今每一步</translation>
    </message>
    <message>
        <source>Doses</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Follow-up lists</source>
        <translation>随访列表</translation>
    </message>
    <message>
        <source>Selected action</source>
        <translation>所选处理事项</translation>
    </message>
    <message>
        <source>Acknowledgement note</source>
        <translation>确认备注</translation>
    </message>
    <message>
        <source>What was done or decided (required)</source>
        <translation>已采取的措施或决定（必填）</translation>
    </message>
    <message>
        <source>A&amp;cknowledge</source>
        <translation>确认已处理(&amp;C)</translation>
    </message>
    <message>
        <source>Acknowledge the selected action</source>
        <translation>确认所选处理事项</translation>
    </message>
    <message>
        <source>Record that the action was seen and dealt with (Ctrl+Return)</source>
        <translation>记录该事项已知悉并处理 (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Acknowledgement problem</source>
        <translation>确认失败</translation>
    </message>
    <message>
        <source>Your role may not acknowledge follow-up actions</source>
        <translation>您的角色不能确认随访处理事项</translation>
    </message>
    <message>
        <source>Unknown trial {0}</source>
        <translation>未知试验 {0}</translation>
    </message>
    <message>
        <source>Due actions ({0})</source>
        <translation>到期处理事项（{0}）</translation>
    </message>
    <message>
        <source>Alerts ({0})</source>
        <translation>警示（{0}）</translation>
    </message>
    <message>
        <source>Next visits ({0})</source>
        <translation>后续访视（{0}）</translation>
    </message>
    <message>
        <source>History ({0})</source>
        <translation>历史记录（{0}）</translation>
    </message>
    <message>
        <source>Choose an enrolled patient above, or open one from the alerts list.</source>
        <translation>请在上方选择已入组患者，或从警示列表中打开。</translation>
    </message>
    <message>
        <source>arm {0}</source>
        <translation>组别 {0}</translation>
    </message>
    <message>
        <source>subject {0}, randomised {1}</source>
        <translation>受试者 {0}，随机化日期 {1}</translation>
    </message>
    <message>
        <source>baseline eGFR {0:g} on {1}</source>
        <translation>基线 eGFR {0:g}（{1}）</translation>
    </message>
    <message>
        <source>no baseline eGFR</source>
        <translation>无基线 eGFR</translation>
    </message>
    <message>
        <source>{0} {1:g} mg/d now</source>
        <translation>{0} 当前 {1:g} mg/d</translation>
    </message>
    <message>
        <source>Recorded dose in force on {0}:</source>
        <translation>{0} 当日执行的记录剂量：</translation>
    </message>
    <message>
        <source>  none recorded</source>
        <translation>  无记录</translation>
    </message>
    <message>
        <source>The protocol&apos;s doses for this patient:</source>
        <translation>方案规定的该患者剂量：</translation>
    </message>
    <message>
        <source>Select a due action to read its protocol text and acknowledge it.</source>
        <translation>选择一项到期处理事项，查看方案原文并确认。</translation>
    </message>
    <message>
        <source>due {0}</source>
        <translation>{0} 到期</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>方案：</translation>
    </message>
    <message>
        <source>How TrialDesk reads it:</source>
        <translation>TrialDesk 的理解：</translation>
    </message>
    <message>
        <source>Done on {0} according to the records.</source>
        <translation>据记录已于 {0} 完成。</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Acknowledged {0}</source>
        <translation>已于 {0} 确认</translation>
    </message>
</context>
<context>
    <name>FollowUpWords</name>
    <message>
        <source>Halve dose</source>
        <translation>剂量减半</translation>
    </message>
    <message>
        <source>Lower dose</source>
        <translation>减量</translation>
    </message>
    <message>
        <source>Recheck</source>
        <translation>复查</translation>
    </message>
    <message>
        <source>Stop drug</source>
        <translation>停药</translation>
    </message>
    <message>
        <source>Start liver protection</source>
        <translation>开始保肝治疗</translation>
    </message>
    <message>
        <source>Withdraw patient</source>
        <translation>退出研究</translation>
    </message>
    <message>
        <source>Restart or withdraw</source>
        <translation>恢复用药或退出研究</translation>
    </message>
    <message>
        <source>Baseline missing</source>
        <translation>缺少基线值</translation>
    </message>
    <message>
        <source>Protocol alert</source>
        <translation>方案警示</translation>
    </message>
    <message>
        <source>Overdue recheck</source>
        <translation>复查逾期</translation>
    </message>
    <message>
        <source>Overdue action</source>
        <translation>处理逾期</translation>
    </message>
    <message>
        <source>Missed visit</source>
        <translation>漏访</translation>
    </message>
    <message>
        <source>Dose above maximum</source>
        <translation>剂量超过上限</translation>
    </message>
    <message>
        <source>on study</source>
        <translation>研究中</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>complete remission</source>
        <translation>完全缓解</translation>
    </message>
    <message>
        <source>partial remission</source>
        <translation>部分缓解</translation>
    </message>
    <message>
        <source>no response</source>
        <translation>无应答</translation>
    </message>
    <message>
        <source>not assessable</source>
        <translation>无法评估</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Due actions</source>
        <translation>到期处理</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>not needed</source>
        <translation>不需要</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>unmapped</source>
        <translation>未映射</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>not needed by any trial</source>
        <translation>任何试验都不需要</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>In the file</source>
        <translation>文件中名称</translation>
    </message>
    <message>
        <source>Mapped to</source>
        <translation>映射为</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>LLN–ULN</source>
        <translation>正常下限–上限</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>采样时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Not needed</source>
        <translation>不需要</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Unmapped</source>
        <translation>未映射</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>will be imported</source>
        <translation>将导入</translation>
    </message>
    <message>
        <source>blocked: nothing from it</source>
        <translation>受阻：不导入任何内容</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import: preview</source>
        <translation>导入：预览</translation>
    </message>
    <message>
        <source>Reading the files…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Reading the files</source>
        <translation>正在读取文件</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Rows read from the files</source>
        <translation>从文件读取的行</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Rows that need attention</source>
        <translation>需要处理的行</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Not needed or skipped</source>
        <translation>不需要或已跳过</translation>
    </message>
    <message>
        <source>&amp;Map…</source>
        <translation>映射(&amp;M)…</translation>
    </message>
    <message>
        <source>Say what an unmapped test, unit or drug is</source>
        <translation>说明未映射的检验项目、单位或药物是什么</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Reading {0} ({1} of {2})…</source>
        <translation>正在读取 {0}（第 {1} 个，共 {2} 个）…</translation>
    </message>
    <message>
        <source>The files could not be read: {0}</source>
        <translation>无法读取文件：{0}</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) or record(s) will be imported.</source>
        <translation>
            <numerusform>将导入 %n 行或记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not imported unless mapped or corrected: {0} (a file is imported whole or not at all).</source>
        <translation>映射或更正之前不会导入：{0}（每个文件要么整体导入，要么完全不导入）。</translation>
    </message>
</context>
<context>
    <name>LabEntryBar</name>
    <message>
        <source>Test</source>
        <translation>检验项目</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>The lab&apos;s upper limit of normal, in the result&apos;s unit (optional)</source>
        <translation>检验科给出的正常值上限，与结果同一单位（选填）</translation>
    </message>
    <message>
        <source>The lab&apos;s lower limit of normal, in the result&apos;s unit (optional)</source>
        <translation>检验科给出的正常值下限，与结果同一单位（选填）</translation>
    </message>
    <message>
        <source>&amp;Add result</source>
        <translation>添加结果(&amp;A)</translation>
    </message>
    <message>
        <source>New result: test</source>
        <translation>新结果：检验项目</translation>
    </message>
    <message>
        <source>New result: date</source>
        <translation>新结果：日期</translation>
    </message>
    <message>
        <source>New result: value</source>
        <translation>新结果：数值</translation>
    </message>
    <message>
        <source>New result: coded result</source>
        <translation>新结果：定性结果</translation>
    </message>
    <message>
        <source>New result: unit</source>
        <translation>新结果：单位</translation>
    </message>
    <message>
        <source>New result: upper limit of normal</source>
        <translation>新结果：正常值上限</translation>
    </message>
    <message>
        <source>Add result</source>
        <translation>添加结果</translation>
    </message>
    <message>
        <source>New result: lower limit of normal</source>
        <translation>新结果：正常值下限</translation>
    </message>
    <message>
        <source>Titre, e.g. 1:160</source>
        <translation>滴度，如 1:160</translation>
    </message>
    <message>
        <source>ULN ({0})</source>
        <translation>上限（{0}）</translation>
    </message>
    <message>
        <source>ULN</source>
        <translation>正常值上限</translation>
    </message>
    <message>
        <source>LLN ({0})</source>
        <translation>下限（{0}）</translation>
    </message>
    <message>
        <source>LLN</source>
        <translation>正常值下限</translation>
    </message>
</context>
<context>
    <name>LockPane</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Sign in as someone else</source>
        <translation>以其他用户登录</translation>
    </message>
    <message>
        <source>Sign in to TrialDesk</source>
        <translation>登录 TrialDesk</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>LogPage</name>
    <message>
        <source>Screening log</source>
        <translation>筛选日志</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>First screening date included (blank: from the first)</source>
        <translation>包含的第一个筛选日期（留空：从最早开始）</translation>
    </message>
    <message>
        <source>Last screening date included (blank: up to the latest)</source>
        <translation>包含的最后一个筛选日期（留空：直到最近）</translation>
    </message>
    <message>
        <source>&amp;Trial</source>
        <translation>试验(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>起始(&amp;F)</translation>
    </message>
    <message>
        <source>T&amp;o</source>
        <translation>截止(&amp;O)</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>提示信息</translation>
    </message>
    <message>
        <source>E&amp;xport PDF…</source>
        <translation>导出 PDF(&amp;X)…</translation>
    </message>
    <message>
        <source>Export si&amp;gned PDF…</source>
        <translation>导出已签名 PDF(&amp;G)…</translation>
    </message>
    <message>
        <source>Investigators: sign “Screening log reviewed” and put your PDF signature on the log (your password is asked for again)</source>
        <translation>研究者：签署“已审阅筛选日志”并在日志上加上您的 PDF 签名（需再次输入密码）</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>PDF progress</source>
        <translation>PDF 进度</translation>
    </message>
    <message>
        <source>PDF status</source>
        <translation>PDF 状态</translation>
    </message>
    <message>
        <source>“From” ({0}) is after “To” ({1}): no screening can be in that period</source>
        <translation>“起始”（{0}）晚于“截止”（{1}）：该期间不可能有筛选</translation>
    </message>
    <message>
        <source>No trials are defined</source>
        <translation>尚未定义任何试验</translation>
    </message>
    <message numerus="yes">
        <source>%n screening(s): </source>
        <translation>
            <numerusform>共 %n 例筛选：</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} enrolled, {1} screen failures, {2} eligible, {3} pending</source>
        <translation>已入组 {0}，筛选失败 {1}，符合入选 {2}，待定 {3}</translation>
    </message>
    <message>
        <source>Export screening log PDF</source>
        <translation>导出筛选日志 PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>the screening log of {0}</source>
        <translation>{0} 的筛选日志</translation>
    </message>
    <message>
        <source>Screening log reviewed</source>
        <translation>已审阅筛选日志</translation>
    </message>
    <message>
        <source>The PDF was not made: {0}</source>
        <translation>未能生成 PDF：{0}</translation>
    </message>
    <message>
        <source>Screening log PDF written: {0}</source>
        <translation>筛选日志 PDF 已写入：{0}</translation>
    </message>
    <message>
        <source>signed by {0}</source>
        <translation>签署人 {0}</translation>
    </message>
    <message>
        <source>Writing the screening log PDF…</source>
        <translation>正在写入筛选日志 PDF…</translation>
    </message>
    <message>
        <source>Preparing the screening log for printing…</source>
        <translation>正在准备打印筛选日志…</translation>
    </message>
    <message>
        <source>Not printed: {0}</source>
        <translation>未打印：{0}</translation>
    </message>
    <message numerus="yes">
        <source>Printed %n page(s)</source>
        <translation>
            <numerusform>已打印 %n 页</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LogTableModel</name>
    <message>
        <source>Enrolled</source>
        <translation>已入组</translation>
    </message>
    <message>
        <source>Screen failure</source>
        <translation>筛选失败</translation>
    </message>
    <message>
        <source>Eligible</source>
        <translation>符合入选</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>Screening</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Date screened</source>
        <translation>筛选日期</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>姓名缩写</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Screen-failure reasons</source>
        <translation>筛选失败原因</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <source>Subject no.</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>TrialDesk</source>
        <translation>TrialDesk</translation>
    </message>
    <message>
        <source>&amp;Import records or hospital data…</source>
        <translation>导入记录或医院数据(&amp;I)…</translation>
    </message>
    <message>
        <source> [DEMO DATA]</source>
        <translation> [演示数据]</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Signed in: {0}</source>
        <translation>已登录：{0}</translation>
    </message>
    <message>
        <source>Registry: {0}</source>
        <translation>登记库：{0}</translation>
    </message>
    <message>
        <source>Find patient</source>
        <translation>查找患者</translation>
    </message>
    <message>
        <source>Opening the registry…</source>
        <translation>正在打开登记库…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>The registry was upgraded to this version of TrialDesk; a copy of it as it was before is kept at {0}</source>
        <translation>登记库已升级到此版本的 TrialDesk；升级前的副本保存在 {0}</translation>
    </message>
    <message>
        <source>Sign in to continue.</source>
        <translation>请登录以继续。</translation>
    </message>
    <message>
        <source>The registry could not be opened: {0}</source>
        <translation>无法打开登记库：{0}</translation>
    </message>
    <message>
        <source>Import patient records and hospital data</source>
        <translation>导入患者记录和医院数据</translation>
    </message>
    <message>
        <source>Records and hospital data (*.json *.csv *.txt *.xlsx *.xls *.hl7)</source>
        <translation>记录和医院数据 (*.json *.csv *.txt *.xlsx *.xls *.hl7)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message numerus="yes">
        <source>{0}: imported %n patient(s)</source>
        <translation>
            <numerusform>{0}：已导入 %n 名患者</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: imported %n result(s) or other item(s)</source>
        <translation>
            <numerusform>{0}：已导入 %n 条结果或其他数据</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already in the registry, skipped</source>
        <translation>
            <numerusform>%n 条已在登记库中，已跳过</numerusform>
        </translation>
    </message>
    <message>
        <source>not needed by any trial: {0}</source>
        <translation>任何试验都不需要：{0}</translation>
    </message>
    <message>
        <source>skipped: {0}</source>
        <translation>已跳过：{0}</translation>
    </message>
    <message numerus="yes">
        <source>{0}: rejected, nothing imported (%n problem(s)):</source>
        <translation>
            <numerusform>{0}：已拒绝，未导入任何数据（%n 个问题）：</numerusform>
        </translation>
    </message>
    <message>
        <source>unmapped (add them to the site mapping): {0}</source>
        <translation>未映射（请加入本中心映射）：{0}</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) imported</source>
        <translation>
            <numerusform>已导入 %n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rejected</source>
        <translation>
            <numerusform>%n 个被拒绝</numerusform>
        </translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
</context>
<context>
    <name>MapDialog</name>
    <message>
        <source>Map a name from the file</source>
        <translation>映射文件中的名称</translation>
    </message>
    <message>
        <source>test</source>
        <translation>检验项目</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>drug</source>
        <translation>药物</translation>
    </message>
    <message>
        <source>condition</source>
        <translation>疾病</translation>
    </message>
    <message>
        <source>The {0} &apos;{1}&apos; ({2}) is not in the vocabulary. Choose what it is; nothing is guessed.</source>
        <translation>{0}“{1}”（{2}）不在词表中。请选择它是什么；系统不会猜测。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Vocabulary term</source>
        <translation>词表术语</translation>
    </message>
    <message>
        <source>not needed by any trial (ignore)</source>
        <translation>任何试验都不需要（忽略）</translation>
    </message>
    <message>
        <source>Remember in the site mapping for &apos;{0}&apos; (audited)</source>
        <translation>保存到“{0}”的本中心映射（留有审计记录）</translation>
    </message>
    <message>
        <source>Maps to:</source>
        <translation>映射为：</translation>
    </message>
</context>
<context>
    <name>PatientForm</name>
    <message>
        <source>Derived from the name</source>
        <translation>由姓名生成</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Registry no.</source>
        <translation>登记号</translation>
    </message>
    <message>
        <source>Record no.</source>
        <translation>病历号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>姓名缩写</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>身高</translation>
    </message>
    <message>
        <source>BMI</source>
        <translation>BMI</translation>
    </message>
    <message>
        <source>eGFR</source>
        <translation>eGFR</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
</context>
<context>
    <name>PatientPage</name>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>No patient open</source>
        <translation>未打开患者</translation>
    </message>
    <message>
        <source>Read only: your role does not change patient data</source>
        <translation>只读：您的角色不能修改患者数据</translation>
    </message>
    <message>
        <source>Reason for the change (optional)</source>
        <translation>修改原因（选填）</translation>
    </message>
    <message>
        <source>Kept in the audit trail with every change this save makes</source>
        <translation>与本次保存的每项修改一并记入审计追踪</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>修改原因</translation>
    </message>
    <message>
        <source>New patient</source>
        <translation>新患者</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Discard the changes made since the patient was opened or saved</source>
        <translation>放弃自打开或上次保存以来的修改</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Check the whole record and save it (Ctrl+S)</source>
        <translation>检查整份记录并保存 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Labs</source>
        <translation>实验室检查</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Derived values</source>
        <translation>推导值</translation>
    </message>
    <message>
        <source>Medications</source>
        <translation>用药</translation>
    </message>
    <message>
        <source>Diagnoses</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>疾病/合并症</translation>
    </message>
    <message>
        <source>Biopsies</source>
        <translation>肾活检</translation>
    </message>
    <message>
        <source>Procedures</source>
        <translation>操作/手术</translation>
    </message>
    <message>
        <source>Reproductive status</source>
        <translation>生育状况</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Derived values (computed from the results above, never stored)</source>
        <translation>推导值（由上述结果计算，不作存储）</translation>
    </message>
    <message>
        <source>Double-click a cell to correct it.</source>
        <translation>双击单元格进行更正。</translation>
    </message>
    <message>
        <source>Reproductive</source>
        <translation>生育</translation>
    </message>
    <message>
        <source>Screenings &amp;&amp; enrolments</source>
        <translation>筛选与入组</translation>
    </message>
    <message>
        <source>There is no patient with registry or record number &apos;{0}&apos;.</source>
        <translation>没有登记号或病历号为“{0}”的患者。</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n 个问题</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n year(s)</source>
        <translation>
            <numerusform>%n 岁</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message numerus="yes">
        <source>Not saved: the record has %n problem(s), shown in red. Nothing was written.</source>
        <translation>
            <numerusform>未保存：记录中有 %n 个问题（红色标出），未写入任何数据。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not saved: the record has %n problem(s).</source>
        <translation>
            <numerusform>未保存：记录中有 %n 个问题。</numerusform>
        </translation>
    </message>
    <message>
        <source>registry number {0} is already in the registry</source>
        <translation>登记号 {0} 已存在于登记库中</translation>
    </message>
    <message>
        <source>Not saved: registry number {0} is already taken.</source>
        <translation>未保存：登记号 {0} 已被占用。</translation>
    </message>
    <message numerus="yes">
        <source>Patient {0} saved (%n change(s)).</source>
        <translation>
            <numerusform>患者 {0} 已保存（%n 处修改）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Changes discarded.</source>
        <translation>已放弃修改。</translation>
    </message>
    <message>
        <source>This patient was changed elsewhere while you were editing. Save replaces those changes with yours; Revert shows them.</source>
        <translation>您编辑期间，该患者已在别处被修改。“保存”将以您的修改覆盖；“还原”将显示对方的修改。</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>{0} has changes that are not saved.</source>
        <translation>{0} 有尚未保存的修改。</translation>
    </message>
    <message>
        <source>The new patient</source>
        <translation>新患者</translation>
    </message>
    <message>
        <source>Save them, discard them, or stay on the page?</source>
        <translation>保存、放弃，还是留在本页？</translation>
    </message>
</context>
<context>
    <name>PatientStudies</name>
    <message>
        <source>Enrolments</source>
        <translation>入组记录</translation>
    </message>
    <message>
        <source>Screenings</source>
        <translation>筛选记录</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Open checklist</source>
        <translation>打开筛选核查表</translation>
    </message>
    <message>
        <source>Open follow-up</source>
        <translation>打开随访</translation>
    </message>
    <message>
        <source>Trial:</source>
        <translation>试验：</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>PatientTables</name>
    <message>
        <source>Test</source>
        <translation>检验项目</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>In standard unit</source>
        <translation>标准单位值</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>ULN</source>
        <translation>正常值上限</translation>
    </message>
    <message>
        <source>LLN</source>
        <translation>正常值下限</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Drug</source>
        <translation>药物</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止日期</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Dose unit</source>
        <translation>剂量单位</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>给药途径</translation>
    </message>
    <message>
        <source>Cumulative dose (mg)</source>
        <translation>累积剂量 (mg)</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Diagnosed</source>
        <translation>诊断日期</translation>
    </message>
    <message>
        <source>Onset</source>
        <translation>起病日期</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>疾病</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>缓解日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Controlled</source>
        <translation>已控制</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>治疗</translation>
    </message>
    <message>
        <source>Hospitalised</source>
        <translation>住院</translation>
    </message>
    <message>
        <source>Drug or trial</source>
        <translation>药物或试验</translation>
    </message>
    <message>
        <source>ISN/RPS classes</source>
        <translation>ISN/RPS 分型</translation>
    </message>
    <message>
        <source>Activity index</source>
        <translation>活动性指数</translation>
    </message>
    <message>
        <source>Chronicity index</source>
        <translation>慢性化指数</translation>
    </message>
    <message>
        <source>Glomeruli</source>
        <translation>肾小球数</translation>
    </message>
    <message>
        <source>Glomerulosclerosis %</source>
        <translation>肾小球硬化 %</translation>
    </message>
    <message>
        <source>Cellular crescents %</source>
        <translation>细胞性新月体 %</translation>
    </message>
    <message>
        <source>Fibrocellular crescents %</source>
        <translation>纤维细胞性新月体 %</translation>
    </message>
    <message>
        <source>Capillary-loop necrosis %</source>
        <translation>毛细血管袢坏死 %</translation>
    </message>
    <message>
        <source>Microthrombi %</source>
        <translation>微血栓 %</translation>
    </message>
    <message>
        <source>TMA-like lesions</source>
        <translation>TMA 样病变</translation>
    </message>
    <message>
        <source>Interstitial fibrosis %</source>
        <translation>间质纤维化 %</translation>
    </message>
    <message>
        <source>Membranous stage</source>
        <translation>膜性肾病分期</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>操作/手术</translation>
    </message>
    <message>
        <source>Childbearing potential</source>
        <translation>有生育能力</translation>
    </message>
    <message>
        <source>Pregnant</source>
        <translation>妊娠</translation>
    </message>
    <message>
        <source>Lactating</source>
        <translation>哺乳期</translation>
    </message>
    <message>
        <source>Planning pregnancy</source>
        <translation>计划妊娠</translation>
    </message>
    <message>
        <source>Contraception</source>
        <translation>避孕措施</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Derived value</source>
        <translation>推导值</translation>
    </message>
    <message>
        <source>Derived by</source>
        <translation>推导方法</translation>
    </message>
    <message>
        <source>From</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Subject no.</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>Enrolled on</source>
        <translation>入组日期</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>Dose records</source>
        <translation>给药记录</translation>
    </message>
    <message>
        <source>Left the study</source>
        <translation>退出研究</translation>
    </message>
    <message>
        <source>Screening</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Data changed since signing</source>
        <translation>签署后数据已变更</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签署人</translation>
    </message>
</context>
<context>
    <name>PrescreenPage</name>
    <message>
        <source>Pre-screen</source>
        <translation>预筛选</translation>
    </message>
    <message>
        <source>Pre-screen date</source>
        <translation>预筛选日期</translation>
    </message>
    <message>
        <source>Trial filter</source>
        <translation>按试验筛选</translation>
    </message>
    <message>
        <source>All trials</source>
        <translation>全部试验</translation>
    </message>
    <message>
        <source>Verdict filter</source>
        <translation>按结论筛选</translation>
    </message>
    <message>
        <source>Any verdict</source>
        <translation>任意结论</translation>
    </message>
    <message>
        <source>Registry no. or initials</source>
        <translation>登记号或姓名缩写</translation>
    </message>
    <message>
        <source>Filter patients</source>
        <translation>筛选患者</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Run pre-screen</source>
        <translation>运行预筛选</translation>
    </message>
    <message>
        <source>Screen every patient against the trials on the date (F5)</source>
        <translation>按所选日期将每位患者与各试验进行比对 (F5)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop pre-screen</source>
        <translation>停止预筛选</translation>
    </message>
    <message>
        <source>&amp;On:</source>
        <translation>日期(&amp;O)：</translation>
    </message>
    <message>
        <source>T&amp;rial:</source>
        <translation>试验(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Verdict:</source>
        <translation>结论(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Patient:</source>
        <translation>患者(&amp;P)：</translation>
    </message>
    <message>
        <source>Pre-screen progress</source>
        <translation>预筛选进度</translation>
    </message>
    <message>
        <source>%v of %m patients</source>
        <translation>%v / %m 名患者</translation>
    </message>
    <message>
        <source>Pre-screen summary</source>
        <translation>预筛选汇总</translation>
    </message>
    <message>
        <source>Verdicts: patients by trials</source>
        <translation>结论：患者 × 试验</translation>
    </message>
    <message numerus="yes">
        <source>Screening every patient against %n trial(s) on {0}…</source>
        <translation>
            <numerusform>正在按 {0} 将每位患者与 %n 项试验比对…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pre-screen finished: %n patient(s)</source>
        <translation>
            <numerusform>预筛选完成：%n 名患者</numerusform>
        </translation>
    </message>
    <message>
        <source>to ask {0}, to obtain data {1}, readings to choose {2}</source>
        <translation>待询问 {0}，待补数据 {1}，待选解读 {2}</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) on {0}</source>
        <translation>
            <numerusform>%n 名患者，日期 {0}</numerusform>
        </translation>
    </message>
    <message>
        <source>Pre-screen stopped; the table shows the previous run.</source>
        <translation>预筛选已停止；表格显示上一次的结果。</translation>
    </message>
    <message>
        <source>Pre-screen failed: {0}</source>
        <translation>预筛选失败：{0}</translation>
    </message>
</context>
<context>
    <name>ReadingsBox</name>
    <message>
        <source>literal text</source>
        <translation>原文字面</translation>
    </message>
    <message>
        <source>Missing: {0}</source>
        <translation>缺少：{0}</translation>
    </message>
    <message>
        <source>Readings side by side</source>
        <translation>各种解读并列对照</translation>
    </message>
    <message>
        <source>★ adopted for the trial at this site</source>
        <translation>★ 本中心已为该试验采用此解读</translation>
    </message>
    <message>
        <source>★ chosen for this screening</source>
        <translation>★ 本次筛选选定此解读</translation>
    </message>
    <message>
        <source>Reading (investigator)</source>
        <translation>解读（研究者）</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>解读</translation>
    </message>
    <message>
        <source>Why this reading</source>
        <translation>选择此解读的理由</translation>
    </message>
    <message>
        <source>C&amp;hoose for this screening</source>
        <translation>用于本次筛选(&amp;H)</translation>
    </message>
    <message>
        <source>Choose for this screening</source>
        <translation>用于本次筛选</translation>
    </message>
    <message>
        <source>Adopt for the &amp;trial…</source>
        <translation>为该试验采用(&amp;T)…</translation>
    </message>
    <message>
        <source>Adopt for the trial</source>
        <translation>为该试验采用</translation>
    </message>
    <message>
        <source>&amp;Withdraw adoption…</source>
        <translation>撤销采用(&amp;W)…</translation>
    </message>
    <message>
        <source>Withdraw adoption</source>
        <translation>撤销采用</translation>
    </message>
    <message>
        <source>Only an investigator chooses or adopts a reading.</source>
        <translation>只有研究者可以选择或采用解读。</translation>
    </message>
    <message>
        <source>Start a screening to choose a reading for it; adopting one for the trial needs none.</source>
        <translation>开始筛选后才能为其选择解读；为试验采用解读则无需开始筛选。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyPanel</name>
    <message>
        <source>The registry is encrypted. This is its recovery key, shown only now. Print it or write it down and keep it in the site file, locked away. It opens the registry when every administrator&apos;s password is forgotten or the key file is lost (trialdesk site recover). Without any account&apos;s password and without it, the data cannot be read by anyone.</source>
        <translation>登记库已加密。以下是它的恢复密钥，仅此一次显示。请打印或抄写下来，锁存于中心文件柜中。当所有管理员的密码都遗忘或密钥文件丢失时，可用它打开登记库（trialdesk site recover）。若既没有任何账户的密码，也没有恢复密钥，任何人都无法读取数据。</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>I have printed or written down the recovery key and will keep it safe</source>
        <translation>我已打印或抄写恢复密钥，并将妥善保管</translation>
    </message>
    <message>
        <source>Save the recovery sheet</source>
        <translation>保存恢复密钥页</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>RegistryPage</name>
    <message>
        <source>Registry</source>
        <translation>患者登记</translation>
    </message>
    <message>
        <source>Search: registry no., record no., initials, name or pinyin</source>
        <translation>搜索：登记号、病历号、姓名缩写、姓名或拼音</translation>
    </message>
    <message>
        <source>Search patients</source>
        <translation>搜索患者</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>&amp;New patient…</source>
        <translation>新建患者(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Archive…</source>
        <translation>归档(&amp;A)…</translation>
    </message>
    <message>
        <source>Add a patient (Ctrl+N)</source>
        <translation>新增患者 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Open the selected patient (Enter)</source>
        <translation>打开所选患者 (Enter)</translation>
    </message>
    <message>
        <source>Hide the selected patient from the working list (a reason is required)</source>
        <translation>将所选患者移出工作列表（须填写原因）</translation>
    </message>
    <message>
        <source>Your role manages accounts and does not see patient data.</source>
        <translation>您的角色负责管理账户，不能查看患者数据。</translation>
    </message>
    <message>
        <source>Not archived</source>
        <translation>未归档</translation>
    </message>
    <message>
        <source>{0} was not archived: {1}</source>
        <translation>{0} 未归档：{1}</translation>
    </message>
    <message>
        <source>{0} archived.</source>
        <translation>{0} 已归档。</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s)</source>
        <translation>
            <numerusform>%n 名患者</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}+ patients</source>
        <translation>{0}+ 名患者</translation>
    </message>
</context>
<context>
    <name>RegistryTableModel</name>
    <message>
        <source>Registry no.</source>
        <translation>登记号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>姓名缩写</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Record no.</source>
        <translation>病历号</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset a password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>{0} receives a new password; a signer also a new signing certificate (the old one is kept, so that older PDFs still verify). Give them the password in person.</source>
        <translation>{0} 将获得新密码；签名人还将获得新的签名证书（旧证书保留，以便验证以前的 PDF）。请当面告知对方新密码。</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
</context>
<context>
    <name>ScreeningPage</name>
    <message>
        <source>Screening</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Ready for review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签署</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>已入组</translation>
    </message>
    <message>
        <source>Screen failure</source>
        <translation>筛选失败</translation>
    </message>
    <message>
        <source>Registry or record no.</source>
        <translation>登记号或病历号</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>Open checklist</source>
        <translation>打开筛选核查表</translation>
    </message>
    <message>
        <source>Patient:</source>
        <translation>患者：</translation>
    </message>
    <message>
        <source>Trial:</source>
        <translation>试验：</translation>
    </message>
    <message>
        <source>Stale screening</source>
        <translation>筛选已过期</translation>
    </message>
    <message>
        <source>Screening date</source>
        <translation>筛选日期</translation>
    </message>
    <message>
        <source>&amp;Start screening</source>
        <translation>开始筛选(&amp;S)</translation>
    </message>
    <message>
        <source>Start screening</source>
        <translation>开始筛选</translation>
    </message>
    <message>
        <source>Screening &amp;date:</source>
        <translation>筛选日期(&amp;D)：</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>筛选核查表</translation>
    </message>
    <message>
        <source>Selected criterion</source>
        <translation>所选标准</translation>
    </message>
    <message>
        <source>Manual answer</source>
        <translation>人工回答</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>&amp;Record answer</source>
        <translation>记录回答(&amp;R)</translation>
    </message>
    <message>
        <source>Override (investigator)</source>
        <translation>研究者改判</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>O&amp;verride</source>
        <translation>改判(&amp;V)</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>提示信息</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>判定操作</translation>
    </message>
    <message>
        <source>Su&amp;bmit for review…</source>
        <translation>提交审核(&amp;B)…</translation>
    </message>
    <message>
        <source>Send &amp;back…</source>
        <translation>退回(&amp;B)…</translation>
    </message>
    <message>
        <source>S&amp;ign as investigator…</source>
        <translation>以研究者身份签署(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Enrol…</source>
        <translation>入组(&amp;E)…</translation>
    </message>
    <message>
        <source>Screen &amp;failure…</source>
        <translation>筛选失败(&amp;F)…</translation>
    </message>
    <message>
        <source>E&amp;xport PDF…</source>
        <translation>导出 PDF(&amp;X)…</translation>
    </message>
    <message>
        <source>Export si&amp;gned PDF…</source>
        <translation>导出已签名 PDF(&amp;G)…</translation>
    </message>
    <message>
        <source>The PDF with your PDF signature over your signature block</source>
        <translation>在您的签名栏上附加 PDF 数字签名的 PDF 文件</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>PDF status</source>
        <translation>PDF 状态</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Unknown trial {0}</source>
        <translation>未知试验 {0}</translation>
    </message>
    <message>
        <source>⚠ Stale: the patient&apos;s data changed after this screening was signed. The checklist shown is the one signed; start a new screening to screen the current data.</source>
        <translation>⚠ 已过期：本次筛选签署后，患者数据发生了变更。此处显示的是已签署的核查表；如需按当前数据筛选，请开始新的筛选。</translation>
    </message>
    <message>
        <source>⚠ Protocol amended: review. This screening began on {0}; the trial is now {1}. Changed: {2}. It cannot be submitted or signed until the review is recorded.</source>
        <translation>⚠ 方案已修订，请复核。本次筛选开始时的版本为 {0}，试验现为 {1}。变更：{2}。记录复核之前不能提交或签署。</translation>
    </message>
    <message>
        <source>Protocol amended</source>
        <translation>方案已修订</translation>
    </message>
    <message>
        <source>Record the &amp;review...</source>
        <translation>记录复核(&amp;R)...</translation>
    </message>
    <message>
        <source>the earlier definition was not kept: compare the criteria with the protocol</source>
        <translation>未保留先前的定义：请对照方案核对各项标准</translation>
    </message>
    <message>
        <source>Amendment review recorded</source>
        <translation>已记录方案修订复核</translation>
    </message>
    <message>
        <source>Record the review of the amendment</source>
        <translation>记录方案修订复核</translation>
    </message>
    <message>
        <source>What was reviewed (e.g. I1 widened to 75 years: still met)?</source>
        <translation>复核了什么（例如：I1 放宽至 75 岁，仍符合）？</translation>
    </message>
    <message>
        <source>Choose a patient and a trial, or open a pre-screen cell or a patient&apos;s screening.</source>
        <translation>请选择患者和试验，或从预筛选表格、患者的筛选记录中打开。</translation>
    </message>
    <message>
        <source>born {0}</source>
        <translation>出生于 {0}</translation>
    </message>
    <message>
        <source>No screening yet: a preview on {0}, not saved.</source>
        <translation>尚未开始筛选：以下为 {0} 的预览，未保存。</translation>
    </message>
    <message>
        <source>Screening {0} · {1} · screening date {2}</source>
        <translation>筛选 {0} · {1} · 筛选日期 {2}</translation>
    </message>
    <message>
        <source>enrolled {0} as {1}, arm {2}</source>
        <translation>{0} 入组，受试者编号 {1}，组别 {2}</translation>
    </message>
    <message>
        <source>note: {0}</source>
        <translation>备注：{0}</translation>
    </message>
    <message>
        <source>Eligible: every inclusion criterion is met and no exclusion criterion applies.</source>
        <translation>符合：满足全部入选标准，且不符合任何排除标准。</translation>
    </message>
    <message>
        <source>Ineligible: fails {0}</source>
        <translation>不符合：未满足 {0}</translation>
    </message>
    <message>
        <source>Incomplete: {0} open — {1}</source>
        <translation>待完善：{0} 项待定 — {1}</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Ambiguous text</source>
        <translation>原文歧义</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>改判</translation>
    </message>
    <message>
        <source>&amp;Start a new screening</source>
        <translation>开始新的筛选(&amp;S)</translation>
    </message>
    <message>
        <source>Start a screening to record answers.</source>
        <translation>请先开始筛选再记录回答。</translation>
    </message>
    <message>
        <source>The screening is {0} and locked.</source>
        <translation>该筛选状态为“{0}”，已锁定。</translation>
    </message>
    <message>
        <source>Select a criterion (answers are given per criterion).</source>
        <translation>请选择一条标准（按条回答）。</translation>
    </message>
    <message>
        <source>{0} was answered from the data; only an investigator&apos;s override changes it.</source>
        <translation>{0} 已根据数据判定；只有研究者改判才能更改。</translation>
    </message>
    <message>
        <source>Your role does not record answers.</source>
        <translation>您的角色不能记录回答。</translation>
    </message>
    <message>
        <source>Only an investigator may override a criterion.</source>
        <translation>只有研究者可以改判标准。</translation>
    </message>
    <message>
        <source>Screening started</source>
        <translation>筛选已开始</translation>
    </message>
    <message>
        <source>Select a criterion of a started screening first.</source>
        <translation>请先在已开始的筛选中选择一条标准。</translation>
    </message>
    <message>
        <source>Choose yes or no.</source>
        <translation>请选择“是”或“否”。</translation>
    </message>
    <message>
        <source>Answer recorded for {0}</source>
        <translation>已记录 {0} 的回答</translation>
    </message>
    <message>
        <source>Override recorded for {0}</source>
        <translation>已记录 {0} 的改判</translation>
    </message>
    <message>
        <source>Start a screening to choose a reading for it.</source>
        <translation>开始筛选后才能为其选择解读。</translation>
    </message>
    <message>
        <source>Reading {0} chosen for {1}</source>
        <translation>已为 {1} 选定解读 {0}</translation>
    </message>
    <message>
        <source>Adopt a reading for the trial</source>
        <translation>为试验采用一种解读</translation>
    </message>
    <message>
        <source>Every screening of {0} at this site takes the reading {1} of {2}, unless its investigator chooses another; the reason is printed on every checklist that uses it. Signed screenings keep what they were signed with.</source>
        <translation>本中心 {0} 的每次筛选都将对 {2} 采用解读 {1}，除非该次筛选的研究者另选；理由会打印在每份使用它的核查表上。已签署的筛选保持签署时的内容。</translation>
    </message>
    <message>
        <source>Withdraw the adopted reading</source>
        <translation>撤销已采用的解读</translation>
    </message>
    <message>
        <source>Screenings of {0} will again ask the investigator to choose a reading of {1} when its readings disagree.</source>
        <translation>{0} 的筛选在 {1} 的各种解读结果不一致时，将重新请研究者选择解读。</translation>
    </message>
    <message>
        <source>Send back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Send {0} back to the coordinator for more work.</source>
        <translation>将 {0} 退回协调员补充完善。</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Record {0} as a screen failure.</source>
        <translation>将 {0} 记录为筛选失败。</translation>
    </message>
    <message>
        <source>Export checklist PDF</source>
        <translation>导出筛选核查表 PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>PDF signature</source>
        <translation>PDF 数字签名</translation>
    </message>
    <message>
        <source>The PDF was not made: {0}</source>
        <translation>未能生成 PDF：{0}</translation>
    </message>
    <message>
        <source>Checklist PDF written: {0}</source>
        <translation>已写入筛选核查表 PDF：{0}</translation>
    </message>
    <message>
        <source>signed by {0}</source>
        <translation>签署人 {0}</translation>
    </message>
    <message>
        <source>Writing the checklist PDF…</source>
        <translation>正在生成筛选核查表 PDF…</translation>
    </message>
    <message>
        <source>Preparing the checklist for printing…</source>
        <translation>正在准备打印筛选核查表…</translation>
    </message>
    <message>
        <source>Not printed: {0}</source>
        <translation>未打印：{0}</translation>
    </message>
    <message numerus="yes">
        <source>Printed %n page(s)</source>
        <translation>
            <numerusform>已打印 %n 页</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SectionView</name>
    <message>
        <source>Add row</source>
        <translation>添加行</translation>
    </message>
    <message>
        <source>Add a row to {0}</source>
        <translation>向{0}添加一行</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Remove the selected rows of {0}</source>
        <translation>删除{0}中所选的行</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>&amp;Lock</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <source>Locked by {0}</source>
        <translation>已由 {0} 锁定</translation>
    </message>
    <message>
        <source>Sign &amp;out / switch user</source>
        <translation>注销 / 切换用户(&amp;O)</translation>
    </message>
    <message numerus="yes">
        <source>Locked after %n minute(s) without use</source>
        <translation>
            <numerusform>%n 分钟未操作，已锁定</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} signed out. Sign in to TrialDesk</source>
        <translation>{0} 已注销。请登录 TrialDesk</translation>
    </message>
    <message>
        <source>Give your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
</context>
<context>
    <name>SetUpDialog</name>
    <message>
        <source>Set up TrialDesk for this site</source>
        <translation>为本中心设置 TrialDesk</translation>
    </message>
    <message>
        <source>TrialDesk keeps this site&apos;s screening registry on this workstation. Give the site&apos;s name and its first investigator, who also administers the accounts. Each account&apos;s password signs what its owner signs and opens the registry, which is encrypted: you receive a recovery key next. Without any account&apos;s password and without the recovery key, nobody can read the data, not even IT.</source>
        <translation>TrialDesk 在本工作站保存本中心的筛选登记库。请填写中心名称及第一位研究者，该研究者同时负责管理账户。每个账户的密码用于本人签名，并用于打开加密的登记库：下一步您将获得一个恢复密钥。若既没有任何账户的密码，也没有恢复密钥，任何人（包括信息科）都无法读取数据。</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>中心名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Investigator&apos;s user name</source>
        <translation>研究者用户名</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>签名用姓名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Keep the recovery key first, then tick the box.</source>
        <translation>请先保存恢复密钥，然后勾选此框。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>The site is set up, but its registry could not be encrypted: {0}. An administrator encrypts it later (trialdesk site encrypt).</source>
        <translation>中心已设置，但登记库未能加密：{0}。请管理员稍后加密（trialdesk site encrypt）。</translation>
    </message>
    <message>
        <source>The site&apos;s recovery key</source>
        <translation>中心的恢复密钥</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>System default ({0})</source>
        <translation>跟随系统（{0}）</translation>
    </message>
    <message>
        <source>A new language shows when TrialDesk is next started.</source>
        <translation>新的界面语言将在下次启动 TrialDesk 时生效。</translation>
    </message>
    <message>
        <source>Reset the window layout at the next start</source>
        <translation>下次启动时恢复默认窗口布局</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to TrialDesk</source>
        <translation>登录 TrialDesk</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>SignatureCheckModel</name>
    <message>
        <source>Signer</source>
        <translation>签署人</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>签署时间</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>签署含义</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Site CA</source>
        <translation>本中心证书机构</translation>
    </message>
    <message>
        <source>Registry e-signature</source>
        <translation>登记库电子签名</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <source>You sign {0} as “{1}”. Enter your password again to sign.</source>
        <translation>您将以“{1}”的身份签署 {0}。请再次输入密码以完成电子签名。</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>签署人</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>SignatureWords</name>
    <message>
        <source>BROKEN: the signed content was changed or damaged</source>
        <translation>已损坏：签署的内容已被更改或损坏</translation>
    </message>
    <message>
        <source>intact, but the document was MODIFIED after signing</source>
        <translation>内容完整，但文件在签署后被修改</translation>
    </message>
    <message>
        <source>intact, covers the whole file</source>
        <translation>完整，覆盖整个文件</translation>
    </message>
    <message>
        <source>intact; only signatures added since</source>
        <translation>完整；此后仅添加了签名</translation>
    </message>
    <message>
        <source>trusted by this site</source>
        <translation>受本中心信任</translation>
    </message>
    <message>
        <source>NOT TRUSTED by this site (certificate from {0})</source>
        <translation>不受本中心信任（证书签发者：{0}）</translation>
    </message>
    <message>
        <source>on record and still matching</source>
        <translation>有记录且仍然一致</translation>
    </message>
    <message>
        <source>CHANGED since signing</source>
        <translation>签署后已更改</translation>
    </message>
    <message>
        <source>NOT on record</source>
        <translation>无记录</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未检查</translation>
    </message>
</context>
<context>
    <name>SiteSettingsDialog</name>
    <message>
        <source>Site settings</source>
        <translation>中心设置</translation>
    </message>
    <message>
        <source>{0}: each change is kept in the audit trail with your reason.</source>
        <translation>{0}：每项更改连同您的原因均记入审计追踪。</translation>
    </message>
    <message>
        <source>Full names on checklists</source>
        <translation>核查表上的全名</translation>
    </message>
    <message>
        <source>print the patient&apos;s full name (else initials only)</source>
        <translation>打印患者全名（否则仅打印姓名缩写）</translation>
    </message>
    <message>
        <source>Lock the window after (minutes without use)</source>
        <translation>无操作多少分钟后锁定窗口</translation>
    </message>
    <message>
        <source>backups beside the registry</source>
        <translation>登记库旁的 backups 文件夹</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Warn when no backup is younger than (days)</source>
        <translation>若无近几天内的备份则提醒（天）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>SiteTrialActions</name>
    <message>
        <source>{0}: OK: {1} ({2}), protocol version {3}, {4} criteria</source>
        <translation>{0}：通过：{1}（{2}），方案版本 {3}，{4} 条标准</translation>
    </message>
    <message>
        <source>{0}: note: {1}</source>
        <translation>{0}：提示：{1}</translation>
    </message>
    <message>
        <source>Trial files (*.yaml *.yml)</source>
        <translation>试验定义文件 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Check a trial file</source>
        <translation>检查试验定义文件</translation>
    </message>
    <message>
        <source>Install a trial file</source>
        <translation>安装试验定义文件</translation>
    </message>
    <message>
        <source>Every workstation of this registry will use it. Why (e.g. the amendment it encodes)?</source>
        <translation>本登记库的所有工作站都将使用它。原因（例如它对应的方案修订）？</translation>
    </message>
    <message>
        <source>Retire {0}</source>
        <translation>停用 {0}</translation>
    </message>
    <message>
        <source>Put {0} back in use</source>
        <translation>重新启用 {0}</translation>
    </message>
    <message>
        <source>No new screening or pre-screen will use it; its screenings are kept. Why?</source>
        <translation>此后不再用于新的筛选或预筛选；已有筛选记录保留。原因？</translation>
    </message>
    <message>
        <source>Why?</source>
        <translation>原因？</translation>
    </message>
</context>
<context>
    <name>StudyEntry</name>
    <message>
        <source>Drug</source>
        <translation>药物</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>检验项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>ULN</source>
        <translation>正常值上限</translation>
    </message>
    <message>
        <source>LLN</source>
        <translation>正常值下限</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>Adverse event</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <source>Onset</source>
        <translation>发生日期</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Related to</source>
        <translation>相关药物</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>缓解日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Exit criterion</source>
        <translation>退出标准</translation>
    </message>
</context>
<context>
    <name>StudyEntryBox</name>
    <message>
        <source>Record for this patient</source>
        <translation>为该患者录入</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>The new daily dose; 0 when the drug is stopped</source>
        <translation>新的每日剂量；停药时填 0</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（选填）</translation>
    </message>
    <message>
        <source>Record &amp;dose</source>
        <translation>记录剂量(&amp;D)</translation>
    </message>
    <message>
        <source>Check the dose change and save it (audited)</source>
        <translation>检查剂量调整并保存（记入审计追踪）</translation>
    </message>
    <message>
        <source>The visits of the trial&apos;s schedule not yet recorded, with the day each was due</source>
        <translation>试验访视计划中尚未记录的访视，及各自的计划日期</translation>
    </message>
    <message>
        <source>No visit of the schedule left to record</source>
        <translation>访视计划中已无待记录的访视</translation>
    </message>
    <message>
        <source>Record &amp;visit</source>
        <translation>记录访视(&amp;V)</translation>
    </message>
    <message>
        <source>Record that the visit took place on this day (audited)</source>
        <translation>记录该访视于此日完成（留审计记录）</translation>
    </message>
    <message>
        <source>Visit problem</source>
        <translation>访视问题</translation>
    </message>
    <message>
        <source>Adverse event (CTCAE term)</source>
        <translation>不良事件（CTCAE 术语）</translation>
    </message>
    <message>
        <source>Grade </source>
        <translation>分级 </translation>
    </message>
    <message>
        <source>CTCAE grade: 1 mild, 2 moderate, 3 severe, 4 life-threatening, 5 death</source>
        <translation>CTCAE 分级：1 轻度，2 中度，3 重度，4 危及生命，5 死亡</translation>
    </message>
    <message>
        <source>Serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Resolved on</source>
        <translation>缓解于</translation>
    </message>
    <message>
        <source>Record &amp;event</source>
        <translation>记录事件(&amp;E)</translation>
    </message>
    <message>
        <source>Check the adverse event and save it (audited)</source>
        <translation>检查该不良事件并保存（留审计记录）</translation>
    </message>
    <message>
        <source>Adverse event problem</source>
        <translation>不良事件问题</translation>
    </message>
    <message>
        <source>Reason (required): withdrawal, discontinuation or completion, and why</source>
        <translation>原因（必填）：撤回、中止或完成，及具体原因</translation>
    </message>
    <message>
        <source>Record e&amp;xit</source>
        <translation>记录退出(&amp;X)</translation>
    </message>
    <message>
        <source>Record that the patient left the study on this day (audited); the follow-up raises no action after it</source>
        <translation>记录患者于此日退出研究（留审计记录）；此后随访不再提示任何操作</translation>
    </message>
    <message>
        <source>Study exit problem</source>
        <translation>退出研究问题</translation>
    </message>
    <message>
        <source>Dose change: drug</source>
        <translation>剂量调整：药物</translation>
    </message>
    <message>
        <source>Dose change: date</source>
        <translation>剂量调整：日期</translation>
    </message>
    <message>
        <source>Dose change: dose</source>
        <translation>剂量调整：剂量</translation>
    </message>
    <message>
        <source>Dose change: unit</source>
        <translation>剂量调整：单位</translation>
    </message>
    <message>
        <source>Dose change: note</source>
        <translation>剂量调整：备注</translation>
    </message>
    <message>
        <source>Record the dose change</source>
        <translation>记录剂量调整</translation>
    </message>
    <message>
        <source>Visit: which visit</source>
        <translation>访视：哪次访视</translation>
    </message>
    <message>
        <source>Visit: date</source>
        <translation>访视：日期</translation>
    </message>
    <message>
        <source>Visit: note</source>
        <translation>访视：备注</translation>
    </message>
    <message>
        <source>Record the visit</source>
        <translation>记录访视</translation>
    </message>
    <message>
        <source>Adverse event: term</source>
        <translation>不良事件：术语</translation>
    </message>
    <message>
        <source>Adverse event: onset date</source>
        <translation>不良事件：发生日期</translation>
    </message>
    <message>
        <source>Adverse event: CTCAE grade</source>
        <translation>不良事件：CTCAE 分级</translation>
    </message>
    <message>
        <source>Adverse event: serious</source>
        <translation>不良事件：严重</translation>
    </message>
    <message>
        <source>Adverse event: related to study drug</source>
        <translation>不良事件：与研究药物相关</translation>
    </message>
    <message>
        <source>Adverse event: resolved</source>
        <translation>不良事件：已缓解</translation>
    </message>
    <message>
        <source>Adverse event: resolution date</source>
        <translation>不良事件：缓解日期</translation>
    </message>
    <message>
        <source>Record the adverse event</source>
        <translation>记录不良事件</translation>
    </message>
    <message>
        <source>Study exit: date</source>
        <translation>退出研究：日期</translation>
    </message>
    <message>
        <source>Study exit: reason</source>
        <translation>退出研究：原因</translation>
    </message>
    <message>
        <source>Study exit: exit criterion</source>
        <translation>退出研究：退出标准</translation>
    </message>
    <message>
        <source>Record the study exit</source>
        <translation>记录退出研究</translation>
    </message>
    <message>
        <source>What to record</source>
        <translation>记录内容</translation>
    </message>
    <message>
        <source>Dose change</source>
        <translation>剂量调整</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>检验结果</translation>
    </message>
    <message>
        <source>took place on</source>
        <translation>完成于</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>onset</source>
        <translation>发生于</translation>
    </message>
    <message>
        <source>Adverse event</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <source>Study exit</source>
        <translation>退出研究</translation>
    </message>
    <message>
        <source>Not related to a study drug</source>
        <translation>与研究药物无关</translation>
    </message>
    <message>
        <source>Related to {0}</source>
        <translation>与{0}相关</translation>
    </message>
    <message>
        <source>No exit criterion</source>
        <translation>无退出标准</translation>
    </message>
    <message>
        <source>{0} (due {1})</source>
        <translation>{0}（计划 {1}）</translation>
    </message>
    <message>
        <source>Visit recorded: {0} on {1}</source>
        <translation>已记录访视：{0}，{1}</translation>
    </message>
    <message>
        <source>Adverse event recorded: {0}, grade {1}, from {2}</source>
        <translation>已记录不良事件：{0}，{1} 级，自 {2}</translation>
    </message>
    <message>
        <source>Study exit recorded on {0}: {1}</source>
        <translation>已记录退出研究：{0}，{1}</translation>
    </message>
    <message>
        <source>Dose change problem</source>
        <translation>剂量调整的问题</translation>
    </message>
    <message>
        <source>Record &amp;result</source>
        <translation>记录结果(&amp;R)</translation>
    </message>
    <message>
        <source>Record the result</source>
        <translation>记录检验结果</translation>
    </message>
    <message>
        <source>Check the result and save it to the patient&apos;s record (audited)</source>
        <translation>检查结果并保存到患者记录（记入审计追踪）</translation>
    </message>
    <message>
        <source>Result problem</source>
        <translation>检验结果的问题</translation>
    </message>
    <message>
        <source>Dose recorded: {0} {1} {2} from {3}</source>
        <translation>已记录剂量：{0} {1} {2}，自 {3} 起</translation>
    </message>
    <message>
        <source>Result recorded: {0} {1} on {2}</source>
        <translation>已记录结果：{0} {1}（{2}）</translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message>
        <source>Follow-up timeline chart</source>
        <translation>随访时间线图</translation>
    </message>
    <message>
        <source>Choose an enrolled patient to see the timeline</source>
        <translation>选择已入组患者以查看时间线</translation>
    </message>
    <message numerus="yes">
        <source>%n eGFR value(s)</source>
        <translation>
            <numerusform>%n 个 eGFR 值</numerusform>
        </translation>
    </message>
    <message>
        <source>baseline {0:g}</source>
        <translation>基线 {0:g}</translation>
    </message>
    <message>
        <source>eGFR (mL/min/1.73m²)</source>
        <translation>eGFR (mL/min/1.73m²)</translation>
    </message>
    <message>
        <source>Baseline {0:g}</source>
        <translation>基线 {0:g}</translation>
    </message>
    <message>
        <source>−{0:g}% limit {1:g}</source>
        <translation>下降 {0:g}% 界值 {1:g}</translation>
    </message>
    <message>
        <source>eGFR</source>
        <translation>eGFR</translation>
    </message>
    <message>
        <source>Dose ({0})</source>
        <translation>剂量（{0}）</translation>
    </message>
    <message>
        <source>{0} dose ({1})</source>
        <translation>{0}剂量（{1}）</translation>
    </message>
    <message>
        <source>Level ({0})</source>
        <translation>浓度（{0}）</translation>
    </message>
    <message>
        <source>{0} limit {1:g} {2}</source>
        <translation>{0}界值 {1:g} {2}</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>derived from {0}</source>
        <translation>由 {0} 推导</translation>
    </message>
</context>
<context>
    <name>TodayColumns</name>
    <message>
        <source>Follow-up</source>
        <translation>随访</translation>
    </message>
    <message>
        <source>Visits this week</source>
        <translation>本周访视</translation>
    </message>
    <message>
        <source>Screenings waiting</source>
        <translation>待处理的筛选</translation>
    </message>
    <message>
        <source>Gone stale</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>window opens</source>
        <translation>窗口期开始</translation>
    </message>
    <message>
        <source>window open</source>
        <translation>窗口期中</translation>
    </message>
    <message>
        <source>window closes</source>
        <translation>窗口期即将结束</translation>
    </message>
    <message>
        <source>to prepare</source>
        <translation>待准备</translation>
    </message>
    <message>
        <source>to review and sign</source>
        <translation>待审核签署</translation>
    </message>
    <message>
        <source>to enrol or record the outcome</source>
        <translation>待入组或记录结局</translation>
    </message>
    <message>
        <source>stale: screen again</source>
        <translation>已过期：需重新筛选</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>too old</source>
        <translation>过旧</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Compute the list again (F5)</source>
        <translation>重新计算列表（F5）</translation>
    </message>
    <message>
        <source>Computing</source>
        <translation>正在计算</translation>
    </message>
    <message>
        <source>Today&apos;s worklist</source>
        <translation>今日工作清单</translation>
    </message>
    <message>
        <source>Today, {0}</source>
        <translation>今日，{0}</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>, {0} urgent (marked ⚠)</source>
        <translation>，其中 {0} 项紧急（标 ⚠）</translation>
    </message>
    <message>
        <source>The list could not be computed: {0}</source>
        <translation>无法计算列表：{0}</translation>
    </message>
</context>
<context>
    <name>TrialTable</name>
    <message>
        <source>eligible</source>
        <translation>符合</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>待完善</translation>
    </message>
    <message>
        <source>ineligible</source>
        <translation>不符合</translation>
    </message>
    <message>
        <source>{0} open</source>
        <translation>{0} 项待定</translation>
    </message>
    <message>
        <source>obtain {0}</source>
        <translation>补数据 {0}</translation>
    </message>
    <message>
        <source>choose {0}</source>
        <translation>选解读 {0}</translation>
    </message>
    <message>
        <source>ask {0}</source>
        <translation>询问 {0}</translation>
    </message>
    <message>
        <source>Ask a person: {0}</source>
        <translation>需询问：{0}</translation>
    </message>
    <message>
        <source>Data missing: {0}</source>
        <translation>缺少数据：{0}</translation>
    </message>
    <message>
        <source>Readings for the investigator to choose: {0}</source>
        <translation>待研究者选择解读：{0}</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>姓名缩写</translation>
    </message>
    <message>
        <source>Fails: {0}</source>
        <translation>不满足：{0}</translation>
    </message>
    <message>
        <source>Open: {0}</source>
        <translation>待定：{0}</translation>
    </message>
    <message>
        <source>Double-click to open the checklist</source>
        <translation>双击打开筛选核查表</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>needs review</source>
        <translation>需研究者审核</translation>
    </message>
    <message>
        <source>Passes</source>
        <translation>满足</translation>
    </message>
    <message>
        <source>Fails</source>
        <translation>不满足</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>需研究者审核</translation>
    </message>
    <message>
        <source>Missing: {0}</source>
        <translation>缺少：{0}</translation>
    </message>
    <message>
        <source>(literal text)</source>
        <translation>（原文字面）</translation>
    </message>
    <message>
        <source>Reading “{0}”</source>
        <translation>解读“{0}”</translation>
    </message>
    <message>
        <source>Adopted for the trial</source>
        <translation>已为试验采用</translation>
    </message>
    <message>
        <source>Chosen by the investigator</source>
        <translation>研究者已选定</translation>
    </message>
    <message>
        <source>Answer {0} by {1}</source>
        <translation>{1} 回答：{0}</translation>
    </message>
    <message>
        <source>Override {0} by {1}</source>
        <translation>{1} 改判为：{0}</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Criterion (verbatim)</source>
        <translation>标准（原文）</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动判定</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>最终判定</translation>
    </message>
    <message>
        <source>Answer / override</source>
        <translation>回答/改判</translation>
    </message>
    <message>
        <source>Ambiguous text: {0}</source>
        <translation>原文存在歧义：{0}</translation>
    </message>
    <message>
        <source>(retired)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <source>Inclusion</source>
        <translation>入选标准</translation>
    </message>
    <message>
        <source>Exclusion</source>
        <translation>排除标准</translation>
    </message>
    <message>
        <source>Experimental</source>
        <translation>试验组</translation>
    </message>
    <message>
        <source>Active comparator</source>
        <translation>阳性对照</translation>
    </message>
    <message>
        <source>Placebo comparator</source>
        <translation>安慰剂对照</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>对照组</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>干预措施</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>给药方案</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口期</translation>
    </message>
    <message>
        <source>Laboratory tests</source>
        <translation>实验室检查</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>⚠ ambiguous</source>
        <translation>⚠ 有歧义</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Protocol text (verbatim)</source>
        <translation>方案原文</translation>
    </message>
    <message>
        <source>Ambiguity</source>
        <translation>歧义</translation>
    </message>
    <message>
        <source>What TrialDesk checks</source>
        <translation>TrialDesk 的判定方式</translation>
    </message>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>reworded</source>
        <translation>文字修改</translation>
    </message>
    <message>
        <source>rule changed</source>
        <translation>规则修改</translation>
    </message>
    <message>
        <source>kind changed</source>
        <translation>类别修改</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>no screening yet</source>
        <translation>尚无筛选</translation>
    </message>
    <message>
        <source>Protocol version</source>
        <translation>方案版本</translation>
    </message>
    <message>
        <source>First screening</source>
        <translation>首次筛选</translation>
    </message>
    <message>
        <source>Definition</source>
        <translation>定义</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>变更前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>变更后</translation>
    </message>
</context>
<context>
    <name>TrialsPage</name>
    <message>
        <source>Trials</source>
        <translation>临床试验</translation>
    </message>
    <message>
        <source>Protocol summary</source>
        <translation>方案摘要</translation>
    </message>
    <message>
        <source>Arms and doses</source>
        <translation>分组与剂量</translation>
    </message>
    <message>
        <source>Visit schedule</source>
        <translation>访视计划</translation>
    </message>
    <message>
        <source>Eligibility criteria</source>
        <translation>入排标准</translation>
    </message>
    <message>
        <source>Filter criteria: id, words of the text or of the rule</source>
        <translation>筛选标准：编号、原文或规则中的词语</translation>
    </message>
    <message>
        <source>Filter criteria</source>
        <translation>筛选标准条目</translation>
    </message>
    <message>
        <source>Selected criterion</source>
        <translation>所选标准</translation>
    </message>
    <message>
        <source>Trial sections</source>
        <translation>试验各部分</translation>
    </message>
    <message>
        <source>&amp;Protocol</source>
        <translation>方案(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Arms and doses</source>
        <translation>分组与剂量(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Visit schedule</source>
        <translation>访视计划(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Eligibility criteria</source>
        <translation>入排标准(&amp;E)</translation>
    </message>
    <message>
        <source>Versio&amp;ns</source>
        <translation>版本(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Check a trial file...</source>
        <translation>检查试验定义文件(&amp;C)...</translation>
    </message>
    <message>
        <source>&amp;Install a trial file...</source>
        <translation>安装试验定义文件(&amp;I)...</translation>
    </message>
    <message>
        <source>&amp;Retire...</source>
        <translation>停用(&amp;R)...</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Put back in &amp;use...</source>
        <translation>重新启用(&amp;U)...</translation>
    </message>
    <message>
        <source>Ambiguous text</source>
        <translation>原文歧义</translation>
    </message>
    <message>
        <source>What TrialDesk checks</source>
        <translation>TrialDesk 的判定方式</translation>
    </message>
    <message>
        <source>shipped with TrialDesk</source>
        <translation>TrialDesk 自带</translation>
    </message>
    <message>
        <source>site trial file {0}</source>
        <translation>本中心试验文件 {0}</translation>
    </message>
    <message>
        <source>replaces the shipped protocol version {0}</source>
        <translation>替代自带的方案版本 {0}</translation>
    </message>
    <message>
        <source>{0} by {1}: {2}; its screenings are kept, no new screening or pre-screen uses it</source>
        <translation>{0}，{1}：{2}；已有筛选记录保留，不再用于新的筛选或预筛选</translation>
    </message>
    <message>
        <source>Site trial files not used:</source>
        <translation>未使用的本中心试验文件：</translation>
    </message>
    <message>
        <source>Registry id</source>
        <translation>注册号</translation>
    </message>
    <message>
        <source>Also registered as</source>
        <translation>其他注册号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Official title</source>
        <translation>正式标题</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>适应症</translation>
    </message>
    <message>
        <source>Sponsor</source>
        <translation>申办方</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>研究中心</translation>
    </message>
    <message>
        <source>Principal investigator</source>
        <translation>主要研究者</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>分期</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>Target enrolment</source>
        <translation>目标入组例数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>招募状态</translation>
    </message>
    <message>
        <source>Protocol version</source>
        <translation>方案版本</translation>
    </message>
    <message>
        <source>Definition</source>
        <translation>定义来源</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>信息来源</translation>
    </message>
    <message>
        <source>Arms</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>{0} inclusion, {1} exclusion</source>
        <translation>入选标准 {0} 条，排除标准 {1} 条</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>主要终点</translation>
    </message>
    <message>
        <source>Secondary</source>
        <translation>次要终点</translation>
    </message>
    <message>
        <source>Outcome measures</source>
        <translation>结局指标</translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <source>Verify PDF</source>
        <translation>验证 PDF</translation>
    </message>
    <message>
        <source>Check the signatures in a PDF made by TrialDesk: whether the signed content is intact, whether this site&apos;s signing authority issued the certificate, and whether the electronic signature it stands for still matches the registry.</source>
        <translation>检查 TrialDesk 生成的 PDF 中的签名：签署的内容是否完整，证书是否由本中心的签名机构签发，以及其所代表的电子签名是否仍与登记库一致。</translation>
    </message>
    <message>
        <source>&amp;Choose PDF…</source>
        <translation>选择 PDF(&amp;C)…</translation>
    </message>
    <message>
        <source>Choose PDF</source>
        <translation>选择 PDF</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>重新检查(&amp;A)</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>检查中</translation>
    </message>
    <message>
        <source>Overall result</source>
        <translation>总体结果</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Choose a signed PDF</source>
        <translation>选择已签名的 PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>No signatures in this file: nothing vouches for it</source>
        <translation>此文件中没有签名：无法证明其真实性</translation>
    </message>
    <message numerus="yes">
        <source>VALID: %n signature(s), all intact, trusted and matching the registry</source>
        <translation>
            <numerusform>有效：%n 个签名，完整、可信且与登记库一致</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>NOT VALID: %n of the signatures failed a check (in red below)</source>
        <translation>
            <numerusform>无效：%n 个签名未通过检查（下方红色标出）</numerusform>
        </translation>
    </message>
    <message>
        <source>NOT VALID: the registry&apos;s audit trail no longer holds what it held when this PDF was made ({0})</source>
        <translation>无效：登记库的审计追踪已不再包含生成此 PDF 时的内容（{0}）</translation>
    </message>
    <message>
        <source>NOT VALID: the file could not be checked: {0}</source>
        <translation>无效：无法检查该文件：{0}</translation>
    </message>
</context>
<context>
    <name>VersionsTab</name>
    <message>
        <source>Versions of the trial</source>
        <translation>试验的各版本</translation>
    </message>
    <message>
        <source>Earlier version</source>
        <translation>较早版本</translation>
    </message>
    <message>
        <source>Later version</source>
        <translation>较晚版本</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>The change selected</source>
        <translation>所选变更</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>with</source>
        <translation>与</translation>
    </message>
    <message>
        <source>TrialDesk keeps every version of a trial that a screening was begun on: a screening keeps its version, and an open one on an earlier version is flagged &quot;protocol amended: review&quot;.</source>
        <translation>TrialDesk 保留每个曾用于开始筛选的试验版本：每次筛选保留其版本；基于较早版本且尚未完成的筛选标记为“方案已修订：请复核”。</translation>
    </message>
    <message>
        <source>One version only: every screening was begun on the version in use.</source>
        <translation>只有一个版本：所有筛选均基于当前使用的版本。</translation>
    </message>
    <message>
        <source>The same version.</source>
        <translation>同一版本。</translation>
    </message>
    <message>
        <source>No criterion changed (other parts of the definition did).</source>
        <translation>没有标准变更（定义的其他部分有变更）。</translation>
    </message>
    <message numerus="yes">
        <source>%n criterion(s) changed.</source>
        <translation>
            <numerusform>%n 条标准有变更。</numerusform>
        </translation>
    </message>
    <message>
        <source>Before</source>
        <translation>变更前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>变更后</translation>
    </message>
    <message>
        <source>What TrialDesk checks</source>
        <translation>TrialDesk 检查的内容</translation>
    </message>
</context>
<context>
    <name>_Form</name>
    <message>
        <source>Message</source>
        <translation>提示信息</translation>
    </message>
</context>
<context>
    <name>_PasswordForm</name>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
</TS>
