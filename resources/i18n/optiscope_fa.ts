<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa" sourcelanguage="en">
<context>
    <name>AnimationDialog</name>
    <message>
        <source>Export animation</source>
        <translation>خروجی پویانمایی</translation>
    </message>
    <message>
        <source> frames/s</source>
        <translation> قاب بر ثانیه</translation>
    </message>
    <message>
        <source>Optimizer steps per frame: more steps per frame, a shorter, smaller GIF</source>
        <translation>گام‌های بهینه‌ساز در هر قاب: گام‌های بیشتر در هر قاب یعنی GIF کوتاه‌تر و کم‌حجم‌تر</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>پهنا</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>نرخ قاب</translation>
    </message>
    <message>
        <source>Steps per frame</source>
        <translation>گام در هر قاب</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>قاب‌ها</translation>
    </message>
    <message>
        <source>{0} frames, {1:.1f} s</source>
        <translation>‏{0} قاب، {1:.1f} ثانیه</translation>
    </message>
</context>
<context>
    <name>AxesDialog</name>
    <message>
        <source>Axes of the surface</source>
        <translation>محورهای رویه</translation>
    </message>
    <message>
        <source>Every other parameter keeps its value in the file.</source>
        <translation>هر پارامتر دیگر مقدارش در فایل را نگه می‌دارد.</translation>
    </message>
    <message>
        <source>x axis</source>
        <translation>محور ⁦x⁩</translation>
    </message>
    <message>
        <source>y axis</source>
        <translation>محور ⁦y⁩</translation>
    </message>
    <message>
        <source>The two axes must be different parameters.</source>
        <translation>دو محور باید دو پارامتر متفاوت باشند.</translation>
    </message>
</context>
<context>
    <name>BackpropPanel</name>
    <message>
        <source>Sigmoid neuron (lecture)</source>
        <translation>نورون سیگموید (درس‌گفتار)</translation>
    </message>
    <message>
        <source>2-2-2 sigmoid network</source>
        <translation>شبکه سیگموید ⁦2-2-2⁩</translation>
    </message>
    <message>
        <source>2-2-1 leaky-ReLU network</source>
        <translation>شبکه ⁦2-2-1⁩ با ⁦leaky-ReLU⁩</translation>
    </message>
    <message>
        <source>Batch normalization of two values</source>
        <translation>نرمال‌سازی دسته‌ای دو مقدار</translation>
    </message>
    <message>
        <source>input</source>
        <translation>ورودی</translation>
    </message>
    <message>
        <source>param</source>
        <translation>پارامتر</translation>
    </message>
    <message>
        <source>node</source>
        <translation>گره</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>اتلاف</translation>
    </message>
    <message>
        <source>Back to the given values (step 0)</source>
        <translation>بازگشت به مقدارهای داده‌شده (گام ⁦0⁩)</translation>
    </message>
    <message>
        <source>Backprop</source>
        <translation>پس‌انتشار</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>رو به عقب</translation>
    </message>
    <message>
        <source>Cannot export {0}: {1}</source>
        <translation>خروجی گرفتن از ⁨{0}⁩ ممکن نیست: {1}</translation>
    </message>
    <message>
        <source>Cannot export: choose a .md, .tex, .csv or .json file</source>
        <translation>خروجی ممکن نیست: یک پرونده ⁦.md⁩، ⁦.tex⁩، ⁦.csv⁩ یا ⁦.json⁩ برگزینید</translation>
    </message>
    <message>
        <source>Cannot open {0}</source>
        <translation>باز کردن ⁨{0}⁩ ممکن نیست</translation>
    </message>
    <message>
        <source>Cannot open {0}: {1}</source>
        <translation>باز کردن ⁨{0}⁩ ممکن نیست: {1}</translation>
    </message>
    <message>
        <source>Check my answers</source>
        <translation>بررسی پاسخ‌های من</translation>
    </message>
    <message>
        <source>Computational graphs</source>
        <translation>گراف‌های محاسباتی</translation>
    </message>
    <message>
        <source>Computational graphs (*.graph);;All files (*)</source>
        <translation>گراف‌های محاسباتی (*.graph);;همه پرونده‌ها (*)</translation>
    </message>
    <message>
        <source>Copied the worksheet</source>
        <translation>کاربرگ رونوشت شد</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>رونوشت</translation>
    </message>
    <message>
        <source>Copy as {0}</source>
        <translation>رونوشت به صورت {0}</translation>
    </message>
    <message>
        <source>Export worksheet</source>
        <translation>خروجی کاربرگ</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>خروجی…</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>رو به جلو</translation>
    </message>
    <message>
        <source>Label every edge with its local derivative ∂dst/∂src</source>
        <translation>نوشتن مشتق محلی ⁦∂dst/∂src⁩ روی هر یال</translation>
    </message>
    <message>
        <source>Learning rate of gradient descent: p ← p − lr·dL/dp</source>
        <translation>نرخ یادگیری گرادیان کاهشی: ⁦p ← p − lr·dL/dp⁩</translation>
    </message>
    <message>
        <source>Local derivatives</source>
        <translation>مشتق‌های محلی</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>اتلاف</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>گره‌ها</translation>
    </message>
    <message>
        <source>Not a number: write it like 0.51, -3 or 1.2e-3</source>
        <translation>عدد نیست: مانند ⁦0.51⁩، ⁦-3⁩ یا ⁦1.2e-3⁩ بنویسید</translation>
    </message>
    <message>
        <source>One gradient-descent step back</source>
        <translation>یک گام گرادیان کاهشی به عقب</translation>
    </message>
    <message>
        <source>One gradient-descent step forward</source>
        <translation>یک گام گرادیان کاهشی به جلو</translation>
    </message>
    <message>
        <source>Open &amp;graph…</source>
        <translation>باز کردن &amp;گراف…</translation>
    </message>
    <message>
        <source>Open a computational graph file: forward and backward pass, step by step</source>
        <translation>باز کردن پرونده یک گراف محاسباتی: گذر رو به جلو و رو به عقب، گام به گام</translation>
    </message>
    <message>
        <source>Open a graph (File &gt; Open graph…) or show the surface&apos;s graph.</source>
        <translation>یک گراف باز کنید (پرونده ← باز کردن گراف…) یا گراف سطح را نشان دهید.</translation>
    </message>
    <message>
        <source>Open graph</source>
        <translation>باز کردن گراف</translation>
    </message>
    <message>
        <source>Opened {0}</source>
        <translation>‏⁨{0}⁩ باز شد</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>پارامترها</translation>
    </message>
    <message>
        <source>Right (within one unit of the last digit written, {0})</source>
        <translation>درست (در فاصله یک واحد از آخرین رقم نوشته‌شده، {0})</translation>
    </message>
    <message>
        <source>Save the worksheet as Markdown, LaTeX, CSV or JSON</source>
        <translation>ذخیره کاربرگ به صورت Markdown، LaTeX، CSV یا JSON</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>‏⁨{0}⁩ ذخیره شد</translation>
    </message>
    <message>
        <source>Stopped at step {0}: the loss or a gradient is not finite there</source>
        <translation>در گام {0} متوقف شد: اتلاف یا یک گرادیان در آنجا متناهی نیست</translation>
    </message>
    <message>
        <source>Surface {0} at x = {1}, y = {2}</source>
        <translation>سطح {0} در ⁦x = {1}, y = {2}⁩</translation>
    </message>
    <message>
        <source>Surface&apos;s graph</source>
        <translation>گراف سطح</translation>
    </message>
    <message>
        <source>The graph of the surface&apos;s formula at the selected run&apos;s current point (or a clicked point)</source>
        <translation>گراف فرمول سطح در نقطه کنونی اجرای برگزیده (یا نقطه‌ای که کلیک شده)</translation>
    </message>
    <message>
        <source>The worksheet (forward pass, backward pass, update) on the clipboard</source>
        <translation>کاربرگ (گذر رو به جلو، گذر رو به عقب، به‌روزرسانی) در حافظه موقت</translation>
    </message>
    <message>
        <source>This surface has no graph: {0}</source>
        <translation>این سطح گراف ندارد: {0}</translation>
    </message>
    <message>
        <source>Type your own values and gradients: each turns green when right, red when wrong</source>
        <translation>مقدارها و گرادیان‌های خودتان را بنویسید: هر کدام اگر درست باشد سبز و اگر نادرست باشد قرمز می‌شود</translation>
    </message>
    <message>
        <source>Wrong: the exact value is {0}
{1}</source>
        <translation>نادرست: مقدار دقیق {0} است
{1}</translation>
    </message>
    <message>
        <source>chain rule</source>
        <translation>قاعده زنجیره‌ای</translation>
    </message>
    <message>
        <source>dL/dnode</source>
        <translation>dL/dnode</translation>
    </message>
    <message>
        <source>expression</source>
        <translation>عبارت</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>گرادیان</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>lr</translation>
    </message>
    <message>
        <source>parameter</source>
        <translation>پارامتر</translation>
    </message>
    <message>
        <source>step</source>
        <translation>گام</translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation>گام {0}</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>به‌روزشده</translation>
    </message>
    <message>
        <source>value</source>
        <translation>مقدار</translation>
    </message>
    <message>
        <source>your dL/dnode</source>
        <translation>‏⁦dL/dnode⁩ شما</translation>
    </message>
    <message>
        <source>your value</source>
        <translation>مقدار شما</translation>
    </message>
    <message>
        <source>{0} at {1} = {2}, {3} = {4}</source>
        <translation>‏{0} در ⁦{1} = {2}⁩، ⁦{3} = {4}⁩</translation>
    </message>
    <message>
        <source>{0}: {1} nodes, loss {2} = {3}</source>
        <translation>‏⁨{0}⁩: {1} گره، اتلاف ⁦{2} = {3}⁩</translation>
    </message>
</context>
<context>
    <name>BatchContours</name>
    <message>
        <source>Dashed contours: the loss on the batch of step {0} ({1} rows), {2}×{2} grid, {3:.1f} ms</source>
        <translation>خطوط تراز خط‌چین: تابع زیان روی دستهٔ گام {0} ({1} سطر)، شبکهٔ ⁦{2}×{2}⁩، ⁦{3:.1f}⁩ میلی‌ثانیه</translation>
    </message>
    <message>
        <source>Overlay the selected minibatch run&apos;s loss on the current step&apos;s batch as dashed contours: the surface its step actually descends</source>
        <translation>نمایش تابع زیان اجرای دسته‌ای انتخاب‌شده روی دستهٔ گام جاری، با خطوط تراز خط‌چین: رویه‌ای که گامش واقعاً روی آن پایین می‌رود</translation>
    </message>
    <message>
        <source>Show the current &amp;batch&apos;s loss</source>
        <translation>نمایش زیان &amp;دستهٔ جاری</translation>
    </message>
</context>
<context>
    <name>ConditionPlot</name>
    <message>
        <source>condition max|λ|/min|λ|</source>
        <translation>عدد حالت ⁦max|λ|/min|λ|⁩</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>تکرار</translation>
    </message>
    <message>
        <source>1: round bowl; large: a long narrow valley, where GD zig-zags</source>
        <translation>1: کاسه گرد؛ بزرگ: دره‌ای دراز و باریک که گرادیان کاهشی در آن زیگزاگ می‌رود</translation>
    </message>
</context>
<context>
    <name>CriticalPoint</name>
    <message>
        <source>minimum</source>
        <translation>کمینه</translation>
    </message>
    <message>
        <source>maximum</source>
        <translation>بیشینه</translation>
    </message>
    <message>
        <source>saddle point</source>
        <translation>نقطه زینی</translation>
    </message>
    <message>
        <source>degenerate point</source>
        <translation>نقطه تبهگن</translation>
    </message>
</context>
<context>
    <name>CurvatureInfo</name>
    <message>
        <source>Follow the mouse</source>
        <translation>دنبال کردن موشواره</translation>
    </message>
    <message>
        <source>Update while hovering over the surface; off: only a click updates</source>
        <translation>هنگام حرکت موشواره روی سطح به‌روز شود؛ خاموش: فقط با کلیک به‌روز می‌شود</translation>
    </message>
    <message>
        <source>Move the mouse over the surface (or click it) to see the Hessian there.</source>
        <translation>موشواره را روی سطح ببرید (یا کلیک کنید) تا ماتریس هسین آن نقطه را ببینید.</translation>
    </message>
    <message>
        <source>At ({0}, {1}) the Hessian is not defined.</source>
        <translation>در ⁦({0}, {1})⁩ ماتریس هسین تعریف نشده است.</translation>
    </message>
    <message>
        <source>&lt;b&gt;At ({0}, {1})&lt;/b&gt;: f = {2}</source>
        <translation>&lt;b&gt;در ⁦({0}, {1})⁩&lt;/b&gt;: ⁦f = {2}⁩</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;λ{1} = {2}&lt;/span&gt; along ({3}, {4})</source>
        <translation>‏&lt;span style=&apos;color:{0}&apos;&gt;⁦λ{1} = {2}⁩&lt;/span&gt; در راستای ⁦({3}, {4})⁩</translation>
    </message>
    <message>
        <source>condition number max|λ| / min|λ| = {0}</source>
        <translation>عدد حالت ⁦max|λ| / min|λ| = {0}⁩</translation>
    </message>
    <message>
        <source>If the gradient were zero here: {0}</source>
        <translation>اگر گرادیان در اینجا صفر بود: {0}</translation>
    </message>
    <message>
        <source>Plain GD is stable near here for lr &amp;lt; 2/λmax = {0}</source>
        <translation>گرادیان کاهشی ساده در این نزدیکی برای ⁦lr &amp;lt; 2/λmax = {0}⁩ پایدار است</translation>
    </message>
    <message>
        <source>No learning rate makes plain GD converge near here: λ₁ = {0} ≤ 0 (along its direction the error never shrinks).</source>
        <translation>هیچ نرخ یادگیری‌ای گرادیان کاهشی ساده را در این نزدیکی همگرا نمی‌کند: ⁦λ₁ = {0} ≤ 0⁩ (در راستای آن خطا هرگز کوچک نمی‌شود).</translation>
    </message>
</context>
<context>
    <name>DataView</name>
    <message>
        <source>Open a graph as a loss surface and a dataset (File &gt; Open graph as a loss surface…, Open data…) to see the rows and the model&apos;s prediction here.</source>
        <translation>یک گراف را به‌صورت رویهٔ زیان و یک مجموعه‌داده باز کنید (پرونده &gt; باز کردن گراف به‌صورت رویهٔ زیان…، باز کردن داده…) تا سطرها و پیش‌بینی مدل را این‌جا ببینید.</translation>
    </message>
    <message>
        <source>row</source>
        <translation>سطر</translation>
    </message>
    <message>
        <source>The run has no finite iterate here.</source>
        <translation>اجرا در این‌جا نقطهٔ متناهی ندارد.</translation>
    </message>
    <message>
        <source>Prediction {0} at {1} = {2}, {3} = {4} (step {5})</source>
        <translation>پیش‌بینی ⁦{0}⁩ در ⁦{1} = {2}⁩، ⁦{3} = {4}⁩ (گام {5})</translation>
    </message>
    <message>
        <source>Fill: the target&apos;s class; ring: the class predicted (blue below 0.5, red at or above).</source>
        <translation>رنگ درون: ردهٔ هدف؛ حلقه: ردهٔ پیش‌بینی‌شده (آبی زیر 0.5، قرمز از 0.5 به بالا).</translation>
    </message>
    <message>
        <source>Ringed: the {0} rows of the current batch.</source>
        <translation>حلقه‌دار: {0} سطر دستهٔ جاری.</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>داده</translation>
    </message>
</context>
<context>
    <name>EpochMarks</name>
    <message>
        <source>An epoch begins at step {0}</source>
        <translation>یک دوره (epoch) در گام {0} آغاز می‌شود</translation>
    </message>
    <message>
        <source>full-data loss</source>
        <translation>زیان روی کل داده</translation>
    </message>
    <message>
        <source>loss on the step&apos;s batch</source>
        <translation>زیان روی دستهٔ گام</translation>
    </message>
</context>
<context>
    <name>ExplainPanel</name>
    <message>
        <source>The run whose step is explained</source>
        <translation>اجرایی که گامش توضیح داده می‌شود</translation>
    </message>
    <message>
        <source>start </source>
        <translation>شروع </translation>
    </message>
    <message>
        <source>Which start point&apos;s path (numbered from 1)</source>
        <translation>مسیر کدام نقطه شروع (شماره‌گذاری از 1)</translation>
    </message>
    <message>
        <source>Arrows on the surface</source>
        <translation>پیکان‌ها روی سطح</translation>
    </message>
    <message>
        <source>Draw −∇f, the momentum direction and the step at the run&apos;s head</source>
        <translation>رسم ⁦−∇f⁩، جهت تکانه و گام در سر مسیر اجرا</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>رونوشت</translation>
    </message>
    <message>
        <source>Copy the whole table (tab-separated, pastes into a spreadsheet)</source>
        <translation>رونوشت از کل جدول (جداشده با Tab، قابل چسباندن در صفحه‌گسترده)</translation>
    </message>
    <message>
        <source>The update rule of this optimizer, in the chosen convention</source>
        <translation>قاعده به‌روزرسانی این بهینه‌ساز، در قرارداد انتخاب‌شده</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>کمیت</translation>
    </message>
    <message>
        <source>Select cells and press Ctrl+C to copy them</source>
        <translation>خانه‌ها را انتخاب کنید و برای رونوشت Ctrl+C را بزنید</translation>
    </message>
    <message>
        <source>No run to explain: add a run.</source>
        <translation>اجرایی برای توضیح نیست: یک اجرا بیفزایید.</translation>
    </message>
    <message>
        <source>{0}: the step that diverged, t = {1} (from iteration {2})</source>
        <translation>‏⁨{0}⁩: گامی که واگرا شد، ⁦t = {1}⁩ (از تکرار {2})</translation>
    </message>
    <message>
        <source>{0}: step t = {1}, from iteration {2} to where f is undefined</source>
        <translation>‏{0}: گام ⁦t = {1}⁩، از تکرار ⁦{2}⁩ به جایی که f تعریف نشده است</translation>
    </message>
    <message>
        <source>{0}: step t = {1}, from iteration {2} to {3}</source>
        <translation>‏⁨{0}⁩: گام ⁦t = {1}⁩، از تکرار {2} به {3}</translation>
    </message>
    <message>
        <source> (start {0})</source>
        <translation> (نقطه شروع {0})</translation>
    </message>
    <message>
        <source>Update rule: {0}</source>
        <translation>قاعده به‌روزرسانی: ⁦{0}⁩</translation>
    </message>
    <message>
        <source>Batch of step {0}: rows {1} ({2} of {3}; g is the mean of their gradients)</source>
        <translation>دستهٔ گام {0}: سطرهای {1} ({2} از {3}؛ ⁦g⁩ میانگین گرادیان‌های آن‌هاست)</translation>
    </message>
    <message>
        <source>p: the head, before the step</source>
        <translation>‏p: سر مسیر، پیش از گام</translation>
    </message>
    <message>
        <source>f(p) before</source>
        <translation>‏⁦f(p)⁩ پیش از گام</translation>
    </message>
    <message>
        <source>g = ∇f (the gradient used)</source>
        <translation>‏⁦g = ∇f⁩ (گرادیان به‌کاررفته)</translation>
    </message>
    <message>
        <source>lr_eff = {0}: effective learning rate per coordinate</source>
        <translation>‏⁦lr_eff = {0}⁩: نرخ یادگیری مؤثر برای هر مؤلفه</translation>
    </message>
    <message>
        <source>−Δ / g: distance moved per unit of gradient</source>
        <translation>‏⁦−Δ / g⁩: جابه‌جایی به ازای هر واحد گرادیان</translation>
    </message>
    <message>
        <source>Δ: the step taken</source>
        <translation>‏Δ: گام برداشته‌شده</translation>
    </message>
    <message>
        <source>p + Δ: the next iterate</source>
        <translation>‏⁦p + Δ⁩: نقطه تکرار بعدی</translation>
    </message>
    <message>
        <source>f(p + Δ) after</source>
        <translation>‏⁦f(p + Δ)⁩ پس از گام</translation>
    </message>
    <message>
        <source>change in f</source>
        <translation>تغییر f</translation>
    </message>
    <message>
        <source>Conventions: PyTorch adds ε outside the square root, g / (√v + ε); optax inside, g / √(v + ε). The two paths differ only where v is comparable to ε (gradients near √ε: at the bottom of a minimum or on a flat plateau); elsewhere they agree to many digits. The convention moves only ε: α stays as set (0.99 by default, PyTorch&apos;s), while optax.rmsprop&apos;s default decay is 0.9.</source>
        <translation>قراردادها: PyTorch مقدار ε را بیرون از ریشه دوم می‌افزاید، ⁦g / (√v + ε)⁩؛ optax درون آن، ⁦g / √(v + ε)⁩. دو مسیر تنها جایی با هم فرق دارند که v هم‌اندازه ε باشد (گرادیان‌های نزدیک ⁦√ε⁩: ته یک کمینه یا روی یک فلات هموار)؛ در جاهای دیگر تا رقم‌های بسیار یکسان‌اند. قرارداد تنها جای ε را عوض می‌کند: α همان است که تنظیم شده (⁦0.99⁩ به‌طور پیش‌فرض، مقدار PyTorch)، در حالی که نرخ فروکاهی پیش‌فرض ⁦optax.rmsprop⁩ برابر ⁦0.9⁩ است.</translation>
    </message>
    <message>
        <source>Conventions: PyTorch&apos;s form (b ← μ·b + g; p ← p − lr·b) and the look-ahead form (v ← μ·v − lr·g; p ← p + v) give exactly the same path while the learning rate stays constant, because v = −lr·b. They part as soon as lr changes during a run (a schedule): PyTorch&apos;s buffer does not carry lr, the velocity keeps the lr of past steps. The example “Conventions part under a schedule” (File › Examples) shows both forms diverging.</source>
        <translation>قراردادها: شکل PyTorch (⁦b ← μ·b + g; p ← p − lr·b⁩) و شکل نگاه‌به‌جلو (⁦v ← μ·v − lr·g; p ← p + v⁩) تا وقتی نرخ یادگیری ثابت بماند دقیقاً یک مسیر می‌دهند، چون ⁦v = −lr·b⁩. به محض این‌که lr در طول اجرا تغییر کند (یک زمان‌بندی) از هم جدا می‌شوند: بافر PyTorch نرخ یادگیری را در خود ندارد، ولی سرعت v نرخ یادگیری گام‌های گذشته را نگه می‌دارد. نمونه «Conventions part under a schedule» (پرونده › نمونه‌ها) جدا شدن دو شکل را نشان می‌دهد.</translation>
    </message>
    <message>
        <source>Conventions: PyTorch&apos;s iterate is the look-ahead point p + μ·v of Sutskever&apos;s form, so the two paths are one curve shifted by μ·v: they start at the same point and end at the same minimum, but the points (and losses) in between differ. The look-ahead form takes the gradient at p + μ·v; PyTorch&apos;s form takes it at its own iterate. That holds while lr is constant: under a schedule the two become different paths (the example “Conventions part under a schedule” in File › Examples).</source>
        <translation>قراردادها: نقطه PyTorch همان نقطه نگاه‌به‌جلوی ⁦p + μ·v⁩ در شکل ساتسکیور است، پس دو مسیر یک منحنی‌اند که به اندازه ⁦μ·v⁩ جابه‌جا شده: از یک نقطه شروع می‌شوند و به یک کمینه می‌رسند، ولی نقطه‌ها (و مقدار اتلاف) در میانه فرق دارند. شکل نگاه‌به‌جلو گرادیان را در ⁦p + μ·v⁩ می‌گیرد و شکل PyTorch در نقطه خودش. این تا وقتی درست است که lr ثابت بماند: با یک زمان‌بندی دو مسیر واقعاً متفاوت می‌شوند (نمونه «Conventions part under a schedule» در پرونده › نمونه‌ها).</translation>
    </message>
    <message>
        <source>— (not finite)</source>
        <translation>— (نامتناهی)</translation>
    </message>
</context>
<context>
    <name>ExplanationBanner</name>
    <message>
        <source>Hide the explanation (Esc)</source>
        <translation>پنهان کردن توضیح (Esc)</translation>
    </message>
    <message>
        <source>Hide the explanation</source>
        <translation>پنهان کردن توضیح</translation>
    </message>
</context>
<context>
    <name>ExportUI</name>
    <message>
        <source>&amp;Examples</source>
        <translation>&amp;نمونه‌ها</translation>
    </message>
    <message>
        <source>&amp;Open scene…</source>
        <translation>&amp;باز کردن صحنه…</translation>
    </message>
    <message>
        <source>&amp;Save scene…</source>
        <translation>&amp;ذخیره صحنه…</translation>
    </message>
    <message>
        <source>An animated GIF of the playback</source>
        <translation>یک GIF متحرک از پخش</translation>
    </message>
    <message>
        <source>CSV or JSON of every run: x, y, f, gradient, Hessian eigenvalues</source>
        <translation>‏CSV یا JSON همه اجراها: x، y، f، گرادیان و مقادیر ویژه هسین</translation>
    </message>
    <message>
        <source>CSV table (*.csv);;JSON (*.json)</source>
        <translation>جدول CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
    <message>
        <source>Cannot open {0}</source>
        <translation>باز کردن ⁨{0}⁩ ممکن نیست</translation>
    </message>
    <message>
        <source>Cannot save {0}</source>
        <translation>ذخیره ⁨{0}⁩ ممکن نیست</translation>
    </message>
    <message>
        <source>Every quantity of the first steps of a run, to check a hand computation</source>
        <translation>همه کمیت‌های نخستین گام‌های یک اجرا، برای بررسی محاسبه دستی</translation>
    </message>
    <message>
        <source>Export &amp;animation…</source>
        <translation>خروجی &amp;پویانمایی…</translation>
    </message>
    <message>
        <source>Export &amp;data…</source>
        <translation>خروجی &amp;داده‌ها…</translation>
    </message>
    <message>
        <source>Export &amp;figure…</source>
        <translation>خروجی &amp;شکل…</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>خروجی پویانمایی</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written</source>
        <translation>خروجی لغو شد؛ چیزی نوشته نشد</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>خروجی داده‌ها</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>خروجی ناموفق بود</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>خروجی شکل</translation>
    </message>
    <message>
        <source>GIF animations (*.gif)</source>
        <translation>پویانمایی‌های GIF (*.gif)</translation>
    </message>
    <message>
        <source>Open a saved scene: surface, runs, start points, steps and view</source>
        <translation>باز کردن صحنه ذخیره‌شده: سطح، اجراها، نقاط شروع، گام‌ها و نما</translation>
    </message>
    <message>
        <source>Open scene</source>
        <translation>باز کردن صحنه</translation>
    </message>
    <message>
        <source>Opened {0}</source>
        <translation>‏⁨{0}⁩ باز شد</translation>
    </message>
    <message>
        <source>Optiscope scenes (*.json)</source>
        <translation>صحنه‌های Optiscope (*.json)</translation>
    </message>
    <message>
        <source>PNG, SVG or PDF for a homework answer, with legend and caption</source>
        <translation>‏PNG، SVG یا PDF برای پاسخ تکلیف، با راهنما و زیرنویس</translation>
    </message>
    <message>
        <source>S&amp;tep table…</source>
        <translation>&amp;جدول گام‌ها…</translation>
    </message>
    <message>
        <source>Save everything needed to regenerate this picture as a JSON file</source>
        <translation>ذخیره هر آنچه برای ساختن دوباره همین تصویر لازم است، در یک پرونده JSON</translation>
    </message>
    <message>
        <source>Save scene</source>
        <translation>ذخیره صحنه</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>‏⁨{0}⁩ ذخیره شد</translation>
    </message>
    <message>
        <source>Writing the animation…</source>
        <translation>در حال نوشتن پویانمایی…</translation>
    </message>
    <message>
        <source>{0} files (*{1})</source>
        <translation>پرونده‌های {0} (*{1})</translation>
    </message>
</context>
<context>
    <name>FigureDialog</name>
    <message>
        <source>Export figure</source>
        <translation>خروجی شکل</translation>
    </message>
    <message>
        <source>PNG for documents and slides; SVG and PDF stay sharp at any size</source>
        <translation>‏PNG برای سند و اسلاید؛ SVG و PDF در هر اندازه‌ای واضح می‌مانند</translation>
    </message>
    <message>
        <source>Printed width; 16 cm fits a page with margins</source>
        <translation>پهنای چاپی؛ 16 سانتی‌متر با حاشیه‌ها در یک صفحه جا می‌شود</translation>
    </message>
    <message>
        <source>PNG resolution; 300 dpi is print quality</source>
        <translation>وضوح PNG؛ 300 dpi کیفیت چاپ است</translation>
    </message>
    <message>
        <source>Surface</source>
        <translation>سطح</translation>
    </message>
    <message>
        <source>Surface, loss and Hessian eigenvalues</source>
        <translation>سطح، اتلاف و مقادیر ویژه هسین</translation>
    </message>
    <message>
        <source>At the current step ({0} of {1})</source>
        <translation>در گام کنونی ({0} از {1})</translation>
    </message>
    <message>
        <source>Caption with every setting and the final points</source>
        <translation>زیرنویس با همه تنظیمات و نقاط پایانی</translation>
    </message>
    <message>
        <source>Colour-blind-safe print colours</source>
        <translation>رنگ‌های چاپی مناسب برای کوررنگی</translation>
    </message>
    <message>
        <source>Otherwise the runs keep the colours they have in the window</source>
        <translation>در غیر این صورت اجراها همان رنگ‌های پنجره را نگه می‌دارند</translation>
    </message>
    <message>
        <source>Mark critical points</source>
        <translation>نشان دادن نقاط بحرانی</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>قالب</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>پهنا</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>وضوح</translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>نمودارها</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>اندازه</translation>
    </message>
    <message>
        <source>{0} × {1} px ({2:.1f} × {3:.1f} cm at {4} dpi)</source>
        <translation>‏⁦{0} × {1} px⁩ (⁦{2:.1f} × {3:.1f} cm⁩ با ⁦{4} dpi⁩)</translation>
    </message>
    <message>
        <source>{0:.1f} × {1:.1f} cm</source>
        <translation>⁦{0:.1f} × {1:.1f} cm⁩</translation>
    </message>
</context>
<context>
    <name>GridFigure</name>
    <message>
        <source>A grid is saved as .png, .svg, .pdf, .json or .csv, not {0}</source>
        <translation>شبکه با پسوند ⁦.png, .svg, .pdf, .json⁩ یا ⁦.csv⁩ ذخیره می‌شود، نه {0}</translation>
    </message>
    <message>
        <source>converged to {0}: {1}</source>
        <translation>همگرا به {0}: {1}</translation>
    </message>
    <message>
        <source>diverged: {0}</source>
        <translation>واگرا: {0}</translation>
    </message>
    <message>
        <source>last finite point</source>
        <translation>آخرین نقطه متناهی</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>خطی</translation>
    </message>
    <message>
        <source>log</source>
        <translation>لگاریتمی</translation>
    </message>
    <message>
        <source>minimum</source>
        <translation>کمینه</translation>
    </message>
    <message>
        <source>not settled: {0}</source>
        <translation>پایدار نشده: {0}</translation>
    </message>
    <message>
        <source>start</source>
        <translation>شروع</translation>
    </message>
    <message>
        <source>{0} from {1} to {2} ({3})</source>
        <translation>‏{0} از {1} تا {2} ({3})</translation>
    </message>
    <message>
        <source>{0} from {1}, {2} steps. Columns: {3}; rows: {4}.</source>
        <translation>‏{0} از نقطه {1}، {2} گام. ستون‌ها: {3}؛ سطرها: {4}.</translation>
    </message>
</context>
<context>
    <name>GridPanel</name>
    <message>
        <source>The run whose optimizer is varied (its other settings are kept)</source>
        <translation>اجرایی که هایپرپارامترهای بهینه‌سازش تغییر داده می‌شوند (تنظیمات دیگرش حفظ می‌شود)</translation>
    </message>
    <message>
        <source>Every cell starts here</source>
        <translation>همه خانه‌ها از این نقطه شروع می‌کنند</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>اجرا</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>نقطه شروع</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>ستون‌ها</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>سطرها</translation>
    </message>
    <message>
        <source>The hyperparameter that changes along this axis</source>
        <translation>هایپرپارامتری که در راستای این محور تغییر می‌کند</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>نخستین مقدار</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>آخرین مقدار</translation>
    </message>
    <message>
        <source>Number of values</source>
        <translation>تعداد مقدارها</translation>
    </message>
    <message>
        <source>log</source>
        <translation>لگاریتمی</translation>
    </message>
    <message>
        <source>Space the values evenly on a log scale</source>
        <translation>مقدارها با فاصله یکسان روی مقیاس لگاریتمی</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>محاسبه</translation>
    </message>
    <message>
        <source>Run every cell of the grid (in the background)</source>
        <translation>اجرای همه خانه‌های شبکه (در پس‌زمینه)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>ذخیره…</translation>
    </message>
    <message>
        <source>Save the grid as a figure (PNG, SVG, PDF) or its data (CSV, JSON)</source>
        <translation>ذخیره شبکه به صورت شکل (PNG، SVG، PDF) یا داده‌های آن (CSV، JSON)</translation>
    </message>
    <message>
        <source>Click a cell to give the run its settings. Colour: the minimum the run converged to; grey: not settled within the steps; dark: diverged.</source>
        <translation>روی یک خانه کلیک کنید تا اجرا تنظیمات آن را بگیرد. رنگ: کمینه‌ای که اجرا به آن همگرا شد؛ خاکستری: در این تعداد گام پایدار نشده؛ تیره: واگرا.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>لغو شد.</translation>
    </message>
    <message>
        <source>Add a run first.</source>
        <translation>نخست یک اجرا بیفزایید.</translation>
    </message>
    <message>
        <source>Computing {0} runs…</source>
        <translation>در حال محاسبه {0} اجرا…</translation>
    </message>
    <message>
        <source>{0} of {1} cells converged to a minimum; from start {2}, {3} steps.</source>
        <translation>‏{0} خانه از {1} خانه به یک کمینه همگرا شدند؛ از نقطه شروع {2}، {3} گام.</translation>
    </message>
    <message>
        <source>Save the grid</source>
        <translation>ذخیره شبکه</translation>
    </message>
    <message>
        <source>Figure (*.png *.svg *.pdf);;Data (*.csv *.json)</source>
        <translation>شکل (*.png *.svg *.pdf);;داده (*.csv *.json)</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>ذخیره شد: {0}</translation>
    </message>
    <message>
        <source>Could not save: {0}</source>
        <translation>ذخیره نشد: {0}</translation>
    </message>
    <message>
        <source>That run was removed or changed its optimizer; compute the grid again.</source>
        <translation>آن اجرا حذف شده یا بهینه‌سازش تغییر کرده است؛ شبکه را دوباره محاسبه کنید.</translation>
    </message>
    <message>
        <source>Run {0} now has {1}.</source>
        <translation>اجرای {0} اکنون {1} دارد.</translation>
    </message>
    <message>
        <source>start {0}: ({1:.4g}, {2:.4g})</source>
        <translation>نقطه شروع {0}: ⁦({1:.4g}, {2:.4g})⁩</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Critical points of the surface (gradient zero); click one to inspect it</source>
        <translation>نقاط بحرانی سطح (گرادیان صفر)؛ برای بررسی روی یکی کلیک کنید</translation>
    </message>
    <message>
        <source>Hessian matrix, its eigenvalues (ascending) and eigenvectors (columns)</source>
        <translation>ماتریس هسین، مقادیر ویژه آن (صعودی) و بردارهای ویژه (ستون‌ها)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>پاک کردن</translation>
    </message>
    <message>
        <source>Stop inspecting and hide the curvature directions</source>
        <translation>پایان بررسی و پنهان کردن جهت‌های انحنا</translation>
    </message>
    <message>
        <source>Click a critical point or a run&apos;s head on the surface.</source>
        <translation>روی یک نقطه بحرانی یا سر مسیر یک اجرا روی سطح کلیک کنید.</translation>
    </message>
    <message>
        <source>flat region: f = {0} on {1}% of the box (constant to rounding, so not listed as points)</source>
        <translation>ناحیه تخت: ⁦f = {0}⁩ روی ⁦{1}%⁩ از جعبه (تا حد گرد کردن ثابت است، پس به‌صورت نقطه فهرست نمی‌شود)</translation>
    </message>
    <message>
        <source>{0} at ({1}, {2}), f = {3}</source>
        <translation>‏⁨{0}⁩ در ⁦({1}, {2})⁩، ⁦f = {3}⁩</translation>
    </message>
    <message>
        <source>Nothing inspected</source>
        <translation>نقطه‌ای برای بررسی انتخاب نشده است</translation>
    </message>
    <message>
        <source>Critical point {0}</source>
        <translation>نقطه بحرانی {0}</translation>
    </message>
    <message>
        <source>{0}, start {1}, iteration {2}</source>
        <translation>‏⁨{0}⁩، نقطه شروع {1}، تکرار {2}</translation>
    </message>
    <message>
        <source>Not a critical point (|∇f| = {0}). </source>
        <translation>نقطه بحرانی نیست (⁦|∇f| = {0}⁩). </translation>
    </message>
    <message>
        <source>&lt;b&gt;point&lt;/b&gt; ({0}, {1}), f = {2}</source>
        <translation>&lt;b&gt;نقطه&lt;/b&gt; ⁦({0}, {1})⁩، ⁦f = {2}⁩</translation>
    </message>
    <message>
        <source>&lt;b&gt;gradient&lt;/b&gt; ({0}, {1})</source>
        <translation>&lt;b&gt;گرادیان&lt;/b&gt; ⁦({0}, {1})⁩</translation>
    </message>
    <message>
        <source>&lt;b&gt;Hessian&lt;/b&gt;</source>
        <translation>&lt;b&gt;ماتریس هسین&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;eigenvalues&lt;/b&gt; </source>
        <translation>&lt;b&gt;مقادیر ویژه&lt;/b&gt; </translation>
    </message>
    <message>
        <source>&lt;b&gt;eigenvectors&lt;/b&gt; </source>
        <translation>&lt;b&gt;بردارهای ویژه&lt;/b&gt; </translation>
    </message>
    <message>
        <source>1 critical point in {0}</source>
        <translation>‏1 نقطه بحرانی در {0}</translation>
    </message>
    <message>
        <source>Curves down in every direction here (locally concave).</source>
        <translation>در اینجا در همه جهت‌ها رو به پایین خم می‌شود (به‌طور محلی مقعر).</translation>
    </message>
    <message>
        <source>Curves up in every direction here (locally convex).</source>
        <translation>در اینجا در همه جهت‌ها رو به بالا خم می‌شود (به‌طور محلی محدب).</translation>
    </message>
    <message>
        <source>Degenerate: an eigenvalue is zero, so the Hessian alone cannot tell the kind.</source>
        <translation>تبهگن: یکی از مقادیر ویژه صفر است، پس ماتریس هسین به‌تنهایی نوع نقطه را تعیین نمی‌کند.</translation>
    </message>
    <message>
        <source>Flat in one direction here (an eigenvalue is about zero).</source>
        <translation>در اینجا در یک جهت تخت است (یک مقدار ویژه تقریباً صفر است).</translation>
    </message>
    <message>
        <source>Maximum: every Hessian eigenvalue is negative (curves down in all directions).</source>
        <translation>بیشینه: همه مقادیر ویژه ماتریس هسین منفی‌اند (سطح در همه جهت‌ها رو به پایین خم می‌شود).</translation>
    </message>
    <message>
        <source>Minimum: every Hessian eigenvalue is positive (curves up in all directions).</source>
        <translation>کمینه: همه مقادیر ویژه ماتریس هسین مثبت‌اند (سطح در همه جهت‌ها رو به بالا خم می‌شود).</translation>
    </message>
    <message>
        <source>Saddle point: one eigenvalue is negative, one positive (down one way, up the other).</source>
        <translation>نقطه زینی: یک مقدار ویژه منفی و دیگری مثبت است (در یک جهت رو به پایین، در جهت دیگر رو به بالا).</translation>
    </message>
    <message>
        <source>Saddle-shaped here: negative curvature along the red direction.</source>
        <translation>در اینجا زین‌شکل است: انحنای منفی در راستای جهت قرمز.</translation>
    </message>
    <message>
        <source>finding critical points in {0}…</source>
        <translation>در حال یافتن نقاط بحرانی در {0}…</translation>
    </message>
    <message>
        <source>no critical points in {0}</source>
        <translation>هیچ نقطه بحرانی در {0} نیست</translation>
    </message>
    <message>
        <source>{0} critical points in {1}</source>
        <translation>‏{0} نقطه بحرانی در {1}</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;زبان (Language)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>زبان (Language)</translation>
    </message>
    <message>
        <source>The new language is used from the next start of Optiscope.</source>
        <translation>زبان تازه از اجرای بعدی Optiscope به کار می‌رود.</translation>
    </message>
    <message>
        <source>Restart now? The current scene is kept.</source>
        <translation>هم‌اکنون دوباره راه‌اندازی شود؟ صحنه کنونی حفظ می‌شود.</translation>
    </message>
    <message>
        <source>&amp;Restart now</source>
        <translation>&amp;راه‌اندازی دوباره</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;بعداً</translation>
    </message>
    <message>
        <source>Optiscope could not restart itself. Please start it again.</source>
        <translation>‏Optiscope نتوانست خودش را دوباره راه‌اندازی کند. لطفاً آن را دوباره اجرا کنید.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Optiscope</source>
        <translation>Optiscope</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>اجراها</translation>
    </message>
    <message>
        <source>Surface and runs</source>
        <translation>سطح و اجراها</translation>
    </message>
    <message>
        <source>Along the paths</source>
        <translation>در طول مسیرها</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>بازرس</translation>
    </message>
    <message>
        <source>x, y and f(x, y) under the mouse</source>
        <translation>مختصات x و y و مقدار f(x, y) زیر نشانگر موشواره</translation>
    </message>
    <message>
        <source>Explain this step</source>
        <translation>توضیح این گام</translation>
    </message>
    <message>
        <source>Curvature</source>
        <translation>انحنا</translation>
    </message>
    <message>
        <source>Condition number</source>
        <translation>عدد حالت</translation>
    </message>
    <message>
        <source>3D view</source>
        <translation>نمای سه‌بعدی</translation>
    </message>
    <message>
        <source>Basins and sweeps</source>
        <translation>حوضه‌های جذب و پیمایش‌ها</translation>
    </message>
    <message>
        <source>Hyperparameter grid</source>
        <translation>شبکه هایپرپارامترها</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;پرونده</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>Close the window</source>
        <translation>بستن پنجره</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;ویرایش</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;واگرد</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;انجام دوباره</translation>
    </message>
    <message>
        <source>Undo the last change of surface, runs, settings, start points or steps</source>
        <translation>واگرد آخرین تغییر سطح، اجراها، تنظیمات، نقاط شروع یا گام‌ها</translation>
    </message>
    <message>
        <source>Make the last undone change again</source>
        <translation>انجام دوباره آخرین تغییری که واگرد شده است</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;نما</translation>
    </message>
    <message>
        <source>&amp;Reset view</source>
        <translation>&amp;بازنشانی نما</translation>
    </message>
    <message>
        <source>Show the whole domain of the surface</source>
        <translation>نمایش کل دامنه سطح</translation>
    </message>
    <message>
        <source>&amp;Equal axes (true shape)</source>
        <translation>محورهای &amp;هم‌مقیاس (شکل واقعی)</translation>
    </message>
    <message>
        <source>One unit of x as long as one unit of y, so shapes and angles are true; off: each axis fills the plot</source>
        <translation>یک واحد x هم‌اندازهٔ یک واحد y است تا شکل‌ها و زاویه‌ها درست دیده شوند؛ خاموش: هر محور کل نمودار را پر می‌کند</translation>
    </message>
    <message>
        <source>&amp;Log colour scale</source>
        <translation>مقیاس رنگ &amp;لگاریتمی</translation>
    </message>
    <message>
        <source>Colour the surface by log10(f − f_min)</source>
        <translation>رنگ‌آمیزی سطح بر پایه ⁦log10(f − f_min)⁩</translation>
    </message>
    <message>
        <source>Show &amp;full paths faintly</source>
        <translation>نمایش کم‌رنگ &amp;کل مسیرها</translation>
    </message>
    <message>
        <source>Draw each whole path faintly ahead of the current iteration</source>
        <translation>رسم کم‌رنگ ادامه هر مسیر پس از تکرار کنونی</translation>
    </message>
    <message>
        <source>Show &amp;critical points</source>
        <translation>نمایش نقاط &amp;بحرانی</translation>
    </message>
    <message>
        <source>Mark minima, maxima, saddles and degenerate points</source>
        <translation>نشان دادن کمینه‌ها، بیشینه‌ها، نقاط زینی و نقاط تبهگن</translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation>بازنشانی &amp;چیدمان</translation>
    </message>
    <message>
        <source>Put every panel back in its place, docked and sized to the window</source>
        <translation>هر پنل را به جای خودش برمی‌گرداند، چسبیده به پنجره و هم‌اندازه با آن</translation>
    </message>
    <message>
        <source>&amp;Runs</source>
        <translation>&amp;اجراها</translation>
    </message>
    <message>
        <source>&amp;Add run</source>
        <translation>&amp;افزودن اجرا</translation>
    </message>
    <message>
        <source>&amp;Duplicate selected run</source>
        <translation>&amp;تکثیر اجرای انتخاب‌شده</translation>
    </message>
    <message>
        <source>&amp;Remove selected run</source>
        <translation>&amp;حذف اجرای انتخاب‌شده</translation>
    </message>
    <message>
        <source>Add a start &amp;point</source>
        <translation>افزودن &amp;نقطه شروع</translation>
    </message>
    <message>
        <source>Add a start point in the middle of the view (or Ctrl+click the surface)</source>
        <translation>افزودن یک نقطه شروع در میانه نما (یا Ctrl+کلیک روی سطح)</translation>
    </message>
    <message>
        <source>Remove the &amp;last start point</source>
        <translation>حذف &amp;آخرین نقطه شروع</translation>
    </message>
    <message>
        <source>Remove the start point added last (or right-click a point)</source>
        <translation>حذف نقطه شروعی که آخر افزوده شده است (یا روی یک نقطه راست‌کلیک کنید)</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>&amp;پخش</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;راهنما</translation>
    </message>
    <message>
        <source>&amp;How to use</source>
        <translation>&amp;شیوه استفاده</translation>
    </message>
    <message>
        <source>x = {0:.4g}   y = {1:.4g}   f = {2:.5g}</source>
        <translation>⁦x = {0:.4g}   y = {1:.4g}   f = {2:.5g}⁩</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;میان‌برهای صفحه‌کلید</translation>
    </message>
    <message>
        <source>Diverged: {0}</source>
        <translation>واگرا شد: ⁨{0}⁩</translation>
    </message>
    <message>
        <source>How to use Optiscope</source>
        <translation>شیوه استفاده از Optiscope</translation>
    </message>
    <message>
        <source>Drag the white start point: every run follows.
Ctrl+click the surface to add a start point; right-click one to remove it.
Space plays or pauses, Left/Right step, R resets.
Click a critical point or a run&apos;s head to see its Hessian in the inspector.</source>
        <translation>نقطه شروع سفید را بکشید: همه اجراها به دنبال آن می‌آیند.
برای افزودن نقطه شروع روی سطح Ctrl+کلیک کنید؛ برای حذف، روی آن راست‌کلیک کنید.
کلید Space پخش را آغاز یا متوقف می‌کند، کلیدهای چپ/راست یک گام جابه‌جا می‌کنند و R به آغاز برمی‌گرداند.
روی یک نقطه بحرانی یا سر مسیر یک اجرا کلیک کنید تا ماتریس هسین آن را در بازرس ببینید.</translation>
    </message>
    <message>
        <source>Cancelled: the scene and its paths are as they were before the change</source>
        <translation>لغو شد: صحنه و مسیرهایش همان‌اند که پیش از این تغییر بودند</translation>
    </message>
    <message>
        <source>Unexpected error: {0} (details in the log)</source>
        <translation>خطای پیش‌بینی‌نشده: ⁨{0}⁩ (جزئیات در گزارش‌نامه)</translation>
    </message>
</context>
<context>
    <name>ModelOpen</name>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>فایل‌های CSV (*.csv);;همهٔ فایل‌ها (*)</translation>
    </message>
    <message>
        <source>Feed a CSV file&apos;s rows to the graph shown as the surface: the surface becomes the mean loss over the rows, and runs may take minibatches</source>
        <translation>سطرهای یک فایل CSV را به گرافی که به‌صورت رویه نمایش داده شده بدهید: رویه میانگین زیان روی سطرها می‌شود و اجراها می‌توانند دسته‌های کوچک بگیرند</translation>
    </message>
    <message>
        <source>Graphs (*.graph);;All files (*)</source>
        <translation>گراف‌ها (*.graph);;همهٔ فایل‌ها (*)</translation>
    </message>
    <message>
        <source>Open &amp;data…</source>
        <translation>باز کردن &amp;داده…</translation>
    </message>
    <message>
        <source>Open a computational graph</source>
        <translation>باز کردن یک گراف محاسباتی</translation>
    </message>
    <message>
        <source>Open a dataset</source>
        <translation>باز کردن یک مجموعه‌داده</translation>
    </message>
    <message>
        <source>Open a graph as the surface first (File &gt; Open graph as a loss surface…): the data feeds its inputs.</source>
        <translation>نخست یک گراف را به‌صورت رویه باز کنید (پرونده &gt; باز کردن گراف به‌صورت رویهٔ زیان…): داده ورودی‌های آن را تغذیه می‌کند.</translation>
    </message>
    <message>
        <source>Open graph as a loss &amp;surface…</source>
        <translation>باز کردن گراف به‌صورت &amp;رویهٔ زیان…</translation>
    </message>
    <message>
        <source>Show the loss of a computational graph&apos;s model as the surface, over two of its parameters</source>
        <translation>نمایش زیان مدل یک گراف محاسباتی به‌صورت رویه، روی دو پارامتر آن</translation>
    </message>
    <message>
        <source>{0}: a surface needs a graph with at least two parameters</source>
        <translation>‏{0}: رویه به گرافی با دست‌کم دو پارامتر نیاز دارد</translation>
    </message>
</context>
<context>
    <name>OptimizerPanel</name>
    <message>
        <source>noise</source>
        <translation>نویز</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>بذر تصادفی</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>اندازهٔ دسته</translation>
    </message>
    <message>
        <source>convention</source>
        <translation>قرارداد</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>تکانه</translation>
    </message>
    <message>
        <source>bias_correction</source>
        <translation>تصحیح سوگیری</translation>
    </message>
    <message>
        <source>weight_decay</source>
        <translation>کاهش وزن</translation>
    </message>
    <message>
        <source>momentum_decay</source>
        <translation>کاهش تکانه</translation>
    </message>
    <message>
        <source>dampening</source>
        <translation>میرایی</translation>
    </message>
    <message>
        <source>maximize</source>
        <translation>بیشینه‌سازی</translation>
    </message>
    <message>
        <source>centered</source>
        <translation>مرکزی‌شده</translation>
    </message>
    <message>
        <source>lr_decay</source>
        <translation>کاهش lr</translation>
    </message>
    <message>
        <source>initial_accumulator_value</source>
        <translation>مقدار آغازین انباشتگر</translation>
    </message>
    <message>
        <source>Runs: tick to show or hide, double-click to change the colour</source>
        <translation>اجراها: برای نمایش یا پنهان کردن تیک بزنید، برای تغییر رنگ دوبار کلیک کنید</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>افزودن</translation>
    </message>
    <message>
        <source>Add a run with another optimizer</source>
        <translation>افزودن اجرایی با بهینه‌ساز دیگر</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>تکثیر</translation>
    </message>
    <message>
        <source>Copy the selected run, to compare it with other settings</source>
        <translation>رونوشت از اجرای انتخاب‌شده، برای مقایسه با تنظیمات دیگر</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>حذف</translation>
    </message>
    <message>
        <source>Remove the selected run</source>
        <translation>حذف اجرای انتخاب‌شده</translation>
    </message>
    <message>
        <source>Optimizer of the selected run</source>
        <translation>بهینه‌ساز اجرای انتخاب‌شده</translation>
    </message>
    <message>
        <source>Selected run</source>
        <translation>اجرای انتخاب‌شده</translation>
    </message>
    <message>
        <source>Run colour</source>
        <translation>رنگ اجرا</translation>
    </message>
    <message>
        <source>A run is marked diverged when an iterate leaves the box centred on the surface&apos;s domain and {0:g} times as wide (or as far as the start, if that is farther out); its path stops at the last iterate inside. &quot;f undefined&quot;: a step landed where f is undefined (or infinite); that iterate is kept and the run stops there.</source>
        <translation>یک اجرا واگرا شمرده می‌شود وقتی یک تکرار از جعبه‌ای بیرون برود که مرکزش مرکز دامنه سطح است و ⁦{0:g}⁩ برابر پهن‌تر از آن است (یا به اندازه فاصله نقطه شروع، اگر دورتر باشد)؛ مسیرش در آخرین تکرار درون جعبه پایان می‌یابد. «f تعریف نشده»: یک گام به جایی رسید که f در آن تعریف نشده (یا بی‌نهایت) است؛ آن تکرار نگه داشته می‌شود و اجرا همان‌جا می‌ایستد.</translation>
    </message>
    <message>
        <source>— could not be computed</source>
        <translation>— محاسبه نشد</translation>
    </message>
    <message>
        <source>— diverged at step {0}</source>
        <translation>— در گام ⁦{0}⁩ واگرا شد</translation>
    </message>
    <message>
        <source>— f undefined here, at step {0}</source>
        <translation>— تابع ⁦f⁩ در اینجا تعریف نشده است، در گام ⁦{0}⁩</translation>
    </message>
    <message>
        <source>{0}: {1}; allowed {2}; default {3}</source>
        <translation>‏⁦{0}⁩: ⁨{1}⁩؛ مجاز: ⁦{2}⁩؛ پیش‌فرض: ⁦{3}⁩</translation>
    </message>
</context>
<context>
    <name>PlaybackBar</name>
    <message>
        <source>Playback</source>
        <translation>پخش</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>بازنشانی</translation>
    </message>
    <message>
        <source>Back to iteration 0 (R)</source>
        <translation>بازگشت به تکرار 0 (R)</translation>
    </message>
    <message>
        <source>Step back</source>
        <translation>گام به عقب</translation>
    </message>
    <message>
        <source>One iteration back (Left)</source>
        <translation>یک تکرار به عقب (چپ)</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>پخش</translation>
    </message>
    <message>
        <source>Play / pause the animation (Space)</source>
        <translation>پخش / مکث پویانمایی (Space)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>گام به جلو</translation>
    </message>
    <message>
        <source>One iteration forward (Right)</source>
        <translation>یک تکرار به جلو (راست)</translation>
    </message>
    <message>
        <source>First iteration</source>
        <translation>نخستین تکرار</translation>
    </message>
    <message>
        <source>Jump to iteration 0 (Home)</source>
        <translation>پرش به تکرار 0 (Home)</translation>
    </message>
    <message>
        <source>Last iteration</source>
        <translation>آخرین تکرار</translation>
    </message>
    <message>
        <source>Jump to the last iteration (End)</source>
        <translation>پرش به آخرین تکرار (End)</translation>
    </message>
    <message>
        <source>Drag to scrub through the iterations</source>
        <translation>برای پیمایش تکرارها بکشید</translation>
    </message>
    <message>
        <source>Current iteration / number of steps</source>
        <translation>تکرار کنونی / تعداد گام‌ها</translation>
    </message>
    <message>
        <source>Speed </source>
        <translation>سرعت </translation>
    </message>
    <message>
        <source>{0} it/s</source>
        <translation>‏{0} تکرار/ثانیه</translation>
    </message>
    <message>
        <source>Animation speed in iterations per second</source>
        <translation>سرعت پویانمایی بر حسب تکرار در ثانیه</translation>
    </message>
    <message>
        <source>Steps </source>
        <translation>گام‌ها </translation>
    </message>
    <message>
        <source>Number of optimizer steps computed for every run</source>
        <translation>تعداد گام‌های بهینه‌ساز که برای هر اجرا محاسبه می‌شود</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>مکث</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
    <message>
        <source>Computing the paths…</source>
        <translation>در حال محاسبهٔ مسیرها…</translation>
    </message>
    <message>
        <source>Optiscope</source>
        <translation>Optiscope</translation>
    </message>
</context>
<context>
    <name>RowPicker</name>
    <message>
        <source>The row of the data whose graph is drawn (0-based, as in the batches that run --format json lists)</source>
        <translation>سطری از داده که گرافش رسم می‌شود (شمارش از 0، مانند دسته‌هایی که ⁦run --format json⁩ فهرست می‌کند)</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>سطر</translation>
    </message>
    <message>
        <source>the batch of step {0}</source>
        <translation>دستهٔ گام {0}</translation>
    </message>
    <message>
        <source>all the rows</source>
        <translation>همهٔ سطرها</translation>
    </message>
    <message>
        <source>The step&apos;s gradient is the mean over {0} ({1} rows): ∂L/∂{2} = {3}, ∂L/∂{4} = {5}</source>
        <translation>گرادیان این گام میانگین روی {0} است ({1} سطر): ⁦∂L/∂{2} = {3}⁩، ⁦∂L/∂{4} = {5}⁩</translation>
    </message>
</context>
<context>
    <name>ScheduleEditor</name>
    <message>
        <source>Learning-rate schedule, stepped after every step as in torch.optim.lr_scheduler</source>
        <translation>زمان‌بندی نرخ یادگیری، که مانند torch.optim.lr_scheduler پس از هر گام یک گام جلو می‌رود</translation>
    </message>
    <message>
        <source>The learning rate of each step of this run</source>
        <translation>نرخ یادگیری هر گام این اجرا</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>زمان‌بندی</translation>
    </message>
    <message>
        <source>constant (no schedule)</source>
        <translation>ثابت (بدون زمان‌بندی)</translation>
    </message>
    <message>
        <source>cosine (CosineAnnealingLR)</source>
        <translation>کسینوسی (CosineAnnealingLR)</translation>
    </message>
    <message>
        <source>exponential (ExponentialLR)</source>
        <translation>نمایی (ExponentialLR)</translation>
    </message>
    <message>
        <source>linear warmup (LinearLR)</source>
        <translation>گرم‌کردن خطی (LinearLR)</translation>
    </message>
    <message>
        <source>one cycle (OneCycleLR)</source>
        <translation>یک‌چرخه (OneCycleLR)</translation>
    </message>
    <message>
        <source>step (StepLR)</source>
        <translation>پله‌ای (StepLR)</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>{0} could not be computed: {1}</source>
        <translation>‏⁨{0}⁩ محاسبه نشد: {1}</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Move a start point (every run follows)</source>
        <translation>جابه‌جا کردن نقطه شروع (همه اجراها به دنبال آن می‌آیند)</translation>
    </message>
    <message>
        <source>Drag the white point</source>
        <translation>نقطه سفید را بکشید</translation>
    </message>
    <message>
        <source>Add a start point</source>
        <translation>افزودن نقطه شروع</translation>
    </message>
    <message>
        <source>Ctrl+click the surface</source>
        <translation>‏Ctrl+کلیک روی سطح</translation>
    </message>
    <message>
        <source>Remove a start point</source>
        <translation>حذف نقطه شروع</translation>
    </message>
    <message>
        <source>Right-click it</source>
        <translation>روی آن راست‌کلیک کنید</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>بزرگ‌نمایی</translation>
    </message>
    <message>
        <source>Mouse wheel</source>
        <translation>چرخ موشواره</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>جابه‌جایی نما</translation>
    </message>
    <message>
        <source>Drag the surface away from a start point</source>
        <translation>سطح را در جایی دور از نقطه شروع بکشید</translation>
    </message>
    <message>
        <source>Inspect a critical point or a run&apos;s head</source>
        <translation>بررسی یک نقطه بحرانی یا سر مسیر یک اجرا</translation>
    </message>
    <message>
        <source>Click it</source>
        <translation>روی آن کلیک کنید</translation>
    </message>
    <message>
        <source>Curvature at a point</source>
        <translation>انحنا در یک نقطه</translation>
    </message>
    <message>
        <source>Click the surface</source>
        <translation>روی سطح کلیک کنید</translation>
    </message>
    <message>
        <source>Change a run&apos;s colour</source>
        <translation>تغییر رنگ یک اجرا</translation>
    </message>
    <message>
        <source>Double-click it in the runs list</source>
        <translation>در فهرست اجراها روی آن دوبار کلیک کنید</translation>
    </message>
    <message>
        <source>Scrub through the iterations</source>
        <translation>پیمودن تکرارها</translation>
    </message>
    <message>
        <source>Drag the playback slider</source>
        <translation>لغزنده پخش را بکشید</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>کنش</translation>
    </message>
    <message>
        <source>Copy the selected cells</source>
        <translation>رونوشت از خانه‌های انتخاب‌شده</translation>
    </message>
    <message>
        <source>Key or gesture</source>
        <translation>کلید یا حرکت موشواره</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>میان‌برهای صفحه‌کلید</translation>
    </message>
</context>
<context>
    <name>SidePlots</name>
    <message>
        <source>loss f</source>
        <translation>اتلاف f</translation>
    </message>
    <message>
        <source>|∇f|</source>
        <translation>|∇f|</translation>
    </message>
    <message>
        <source>Hessian λ</source>
        <translation>‏λ هسین</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>تکرار</translation>
    </message>
    <message>
        <source>Log scale for the loss</source>
        <translation>مقیاس لگاریتمی برای اتلاف</translation>
    </message>
    <message>
        <source>Plot the loss on a logarithmic axis (non-positive values are not shown)</source>
        <translation>رسم اتلاف روی محور لگاریتمی (مقادیر نامثبت نشان داده نمی‌شوند)</translation>
    </message>
    <message>
        <source>solid: λ_min   dashed: λ_max   below zero: negative curvature</source>
        <translation>توپر: λ_min   خط‌چین: λ_max   زیر صفر: انحنای منفی</translation>
    </message>
    <message>
        <source>A saddle has one negative eigenvalue: watch λ_min dip below zero while a run crawls past it</source>
        <translation>نقطه زینی یک مقدار ویژه منفی دارد: ببینید چگونه وقتی اجرا آهسته از کنارش می‌گذرد λ_min به زیر صفر می‌رود</translation>
    </message>
    <message>
        <source>start {0} {1}</source>
        <translation>شروع {0} {1}</translation>
    </message>
</context>
<context>
    <name>StabilityHint</name>
    <message>
        <source>no curvature here (the Hessian is not defined)</source>
        <translation>در اینجا انحنایی نیست (ماتریس هسین تعریف نشده است)</translation>
    </message>
    <message>
        <source>Gradient descent near a point multiplies the error along each Hessian eigenvector by (1 − lr·λ) per step: it converges only if every λ &gt; 0 and lr &lt; 2/λmax. Above it GD oscillates with growing amplitude; where some λ ≤ 0 (a saddle, a maximum) no learning rate makes it converge.</source>
        <translation>گرادیان کاهشی در نزدیکی یک نقطه، خطا را در راستای هر بردار ویژه هسین در هر گام در ⁦(1 − lr·λ)⁩ ضرب می‌کند: تنها وقتی همگرا می‌شود که همه ⁦λ &gt; 0⁩ باشند و ⁦lr &lt; 2/λmax⁩. بالاتر از آن با دامنه‌ای رو به رشد نوسان می‌کند؛ جایی که یک ⁦λ ≤ 0⁩ باشد (نقطه زینی، بیشینه) هیچ نرخ یادگیری‌ای آن را همگرا نمی‌کند.</translation>
    </message>
    <message>
        <source>Heavy-ball momentum (b ← μ·b + g; p ← p − lr·b) on the quadratic model converges only if every λ &gt; 0 and lr &lt; 2(1+μ)/λmax: both eigenvalues of its iteration matrix [[1 − lr·λ, −μ], [lr·λ, μ]] then lie inside the unit circle. Where some λ ≤ 0 no learning rate converges.</source>
        <translation>تکانه گوی سنگین (⁦b ← μ·b + g; p ← p − lr·b⁩) روی مدل درجه دوم تنها وقتی همگرا می‌شود که همه ⁦λ &gt; 0⁩ باشند و ⁦lr &lt; 2(1+μ)/λmax⁩: آنگاه هر دو مقدار ویژه ماتریس تکرارش ⁦[[1 − lr·λ, −μ], [lr·λ, μ]]⁩ درون دایره واحد هستند. جایی که یک ⁦λ ≤ 0⁩ باشد هیچ نرخ یادگیری‌ای همگرا نمی‌شود.</translation>
    </message>
    <message>
        <source>PyTorch&apos;s Nesterov momentum (b ← μ·b + g; p ← p − lr·(g + μ·b)) on the quadratic model converges only if every λ &gt; 0 and lr &lt; 2(1+μ)/((1+2μ)·λmax): both roots of z² − (1+μ)(1 − lr·λ)·z + μ(1 − lr·λ) then lie inside the unit circle. Where some λ ≤ 0 no learning rate converges.</source>
        <translation>تکانه نستروف PyTorch (⁦b ← μ·b + g; p ← p − lr·(g + μ·b)⁩) روی مدل درجه دوم تنها وقتی همگرا می‌شود که همه ⁦λ &gt; 0⁩ باشند و ⁦lr &lt; 2(1+μ)/((1+2μ)·λmax)⁩: آنگاه هر دو ریشه ⁦z² − (1+μ)(1 − lr·λ)·z + μ(1 − lr·λ)⁩ درون دایره واحد هستند. جایی که یک ⁦λ ≤ 0⁩ باشد هیچ نرخ یادگیری‌ای همگرا نمی‌شود.</translation>
    </message>
    <message>
        <source>this run diverged at step {0} with lr = {1}</source>
        <translation>این اجرا در گام ⁦{0}⁩ با ⁦lr = {1}⁩ واگرا شد</translation>
    </message>
    <message>
        <source>this run stopped at step {0}: f is undefined there</source>
        <translation>این اجرا در گام ⁦{0}⁩ ایستاد: f در آنجا تعریف نشده است</translation>
    </message>
    <message>
        <source>no lr makes {0} converge here: λmin = {1} ≤ 0</source>
        <translation>هیچ نرخ یادگیری‌ای {0} را در اینجا همگرا نمی‌کند: ⁦λmin = {1} ≤ 0⁩</translation>
    </message>
    <message>
        <source>; lr &amp;lt; {0} = {1} keeps it from oscillating along the steepest direction</source>
        <translation>؛ ⁦lr &amp;lt; {0} = {1}⁩ آن را از نوسان در تندترین راستا باز می‌دارد</translation>
    </message>
    <message>
        <source>{0} stable for lr &amp;lt; {1} = {2} here; lr = {3} {4}</source>
        <translation>‏{0} در اینجا برای ⁦lr &amp;lt; {1} = {2}⁩ پایدار است؛ ⁦lr = {3}⁩ {4}</translation>
    </message>
    <message>
        <source>&amp;lt; {0} at ({1}, {2})</source>
        <translation>‏⁦&amp;lt; {0}⁩ در ⁦({1}, {2})⁩</translation>
    </message>
    <message>
        <source>at the minima: lr {0}{1}</source>
        <translation>در کمینه‌ها: lr {0}{1}</translation>
    </message>
</context>
<context>
    <name>StepArrows</name>
    <message>
        <source>momentum / velocity (direction)</source>
        <translation>تکانه / سرعت (جهت)</translation>
    </message>
    <message>
        <source>step taken (to scale; dashed: enlarged)</source>
        <translation>گام برداشته‌شده (با مقیاس واقعی؛ خط‌چین: بزرگ‌نمایی‌شده)</translation>
    </message>
    <message>
        <source>−∇f: steepest descent (direction)</source>
        <translation>‏⁦−∇f⁩: تندترین کاهش (جهت)</translation>
    </message>
</context>
<context>
    <name>StepTableDialog</name>
    <message>
        <source>Step table</source>
        <translation>جدول گام‌ها</translation>
    </message>
    <message>
        <source>How many steps to show</source>
        <translation>تعداد گام‌هایی که نشان داده می‌شوند</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>رونوشت</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>اجرا</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>نقطه شروع</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>گام‌ها</translation>
    </message>
    <message>
        <source>Copy as {0}</source>
        <translation>رونوشت به صورت {0}</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>ذخیره به نام…</translation>
    </message>
    <message>
        <source>Write the table to a Markdown, LaTeX or CSV file</source>
        <translation>نوشتن جدول در فایل Markdown، LaTeX یا CSV</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>The run diverged at step {0}: p_t left the divergence box.</source>
        <translation>اجرا در گام ⁦{0}⁩ واگرا شد: ⁦p_t⁩ از جعبه واگرایی بیرون رفت.</translation>
    </message>
    <message>
        <source>f is undefined at p_t of step {0}: the run stops there.</source>
        <translation>تابع ⁦f⁩ در ⁦p_t⁩ گام ⁦{0}⁩ تعریف نشده است: اجرا همان‌جا می‌ایستد.</translation>
    </message>
    <message>
        <source>Save step table</source>
        <translation>ذخیره جدول گام‌ها</translation>
    </message>
    <message>
        <source>Cannot save {0}</source>
        <translation>ذخیره ⁦{0}⁩ ممکن نیست</translation>
    </message>
    <message>
        <source>Update rule</source>
        <translation>قاعده به‌روزرسانی</translation>
    </message>
</context>
<context>
    <name>Surface3DView</name>
    <message>
        <source>The 3D view needs OpenGL, which is not available here:
{0}

Everything else in Optiscope works as usual; the 2D view shows the same surface and runs.</source>
        <translation>نمای سه‌بعدی به OpenGL نیاز دارد که در اینجا در دسترس نیست:
{0}

بقیه بخش‌های Optiscope مانند همیشه کار می‌کنند؛ نمای دوبعدی همان سطح و اجراها را نشان می‌دهد.</translation>
    </message>
    <message>
        <source>Reset camera</source>
        <translation>بازنشانی دوربین</translation>
    </message>
    <message>
        <source>Look at the whole surface from the default angle</source>
        <translation>نمایش کل سطح از زاویه پیش‌فرض</translation>
    </message>
    <message>
        <source>Drag to rotate, scroll to zoom, Ctrl+drag or middle-drag to pan</source>
        <translation>برای چرخاندن بکشید، برای بزرگ‌نمایی چرخ موشواره را بچرخانید، برای جابه‌جایی Ctrl+کشیدن یا کشیدن با دکمه میانی</translation>
    </message>
    <message>
        <source>The loss surface in 3D: drag to rotate, scroll to zoom</source>
        <translation>سطح تابع اتلاف به صورت سه‌بعدی: برای چرخاندن بکشید، برای بزرگ‌نمایی چرخ موشواره را بچرخانید</translation>
    </message>
    <message>
        <source>f (log scale)</source>
        <translation>‏f (مقیاس لگاریتمی)</translation>
    </message>
    <message>
        <source>An OpenGL context was created but could not be used.</source>
        <translation>یک زمینه OpenGL ساخته شد ولی به کار نیامد.</translation>
    </message>
    <message>
        <source>Checking OpenGL failed: {0}</source>
        <translation>بررسی OpenGL ناموفق بود: ⁨{0}⁩</translation>
    </message>
    <message>
        <source>No OpenGL context could be created (no OpenGL driver, or a remote desktop without OpenGL).</source>
        <translation>ساختن زمینه OpenGL ممکن نشد (راه‌انداز OpenGL نیست، یا میز کار راه دور بدون OpenGL است).</translation>
    </message>
    <message>
        <source>No Qt application is running.</source>
        <translation>هیچ برنامه Qt در حال اجرا نیست.</translation>
    </message>
    <message>
        <source>OpenGL {0}</source>
        <translation>OpenGL {0}</translation>
    </message>
    <message>
        <source>OpenGL {0} is too old: the 3D view needs version 2.1 or newer.</source>
        <translation>‏OpenGL {0} بسیار قدیمی است: نمای سه‌بعدی به نسخه 2.1 یا تازه‌تر نیاز دارد.</translation>
    </message>
    <message>
        <source>PyOpenGL is missing or cannot load the system&apos;s OpenGL library ({0}).</source>
        <translation>‏PyOpenGL نصب نیست یا نمی‌تواند کتابخانه OpenGL سیستم را بارگذاری کند (⁨{0}⁩).</translation>
    </message>
    <message>
        <source>The Qt platform “{0}” cannot show OpenGL views.</source>
        <translation>سکوی Qt «{0}» نمی‌تواند نماهای OpenGL را نشان دهد.</translation>
    </message>
</context>
<context>
    <name>SurfacePicker</name>
    <message>
        <source>Built-in test surfaces</source>
        <translation>سطح‌های آزمون آماده</translation>
    </message>
    <message>
        <source>custom formula</source>
        <translation>ضابطه دلخواه</translation>
    </message>
    <message>
        <source>a graph&apos;s loss</source>
        <translation>زیان یک گراف</translation>
    </message>
    <message>
        <source>f(x, y), e.g. x**2 - y**2 or x^4 + y^4 - 2*x*y</source>
        <translation>‏⁦f(x, y)⁩، مثلاً ⁦x**2 - y**2⁩ یا ⁦x^4 + y^4 - 2*x*y⁩</translation>
    </message>
    <message>
        <source>Type a formula in x and y and press Enter: + - * / ** ^, sin cos exp log sqrt abs tanh, pi, e</source>
        <translation>ضابطه‌ای بر حسب x و y بنویسید و Enter را بزنید: ⁦+ - * / ** ^⁩، ⁦sin cos exp log sqrt abs tanh⁩، pi، e</translation>
    </message>
    <message>
        <source>Smallest x of the domain</source>
        <translation>کوچک‌ترین x دامنه</translation>
    </message>
    <message>
        <source>Largest x of the domain</source>
        <translation>بزرگ‌ترین x دامنه</translation>
    </message>
    <message>
        <source>Smallest y of the domain</source>
        <translation>کوچک‌ترین y دامنه</translation>
    </message>
    <message>
        <source>Largest y of the domain</source>
        <translation>بزرگ‌ترین y دامنه</translation>
    </message>
    <message>
        <source>The domain is where the surface is drawn, searched for critical points and sampled for basins. Press Enter to apply.</source>
        <translation>دامنه جایی است که سطح رسم می‌شود، نقاط بحرانی در آن جست‌وجو می‌شوند و حوضه‌ها روی آن نمونه‌برداری می‌شوند. برای اعمال، Enter را بزنید.</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>برازش</translation>
    </message>
    <message>
        <source>Back to the surface&apos;s own domain: a built-in&apos;s, or for a formula the box fitted to the critical points found on {0}</source>
        <translation>بازگشت به دامنه خود سطح: دامنه سطح آماده، یا برای یک ضابطه، جعبه‌ای که بر نقاط بحرانی یافته‌شده در {0} برازش شده است</translation>
    </message>
    <message>
        <source>to</source>
        <translation>تا</translation>
    </message>
    <message>
        <source>Critical points found in the domain (listed in the Inspector)</source>
        <translation>نقاط بحرانی یافته‌شده در دامنه (فهرست آن‌ها در بازرس)</translation>
    </message>
    <message>
        <source>Log colour scale</source>
        <translation>مقیاس رنگ لگاریتمی</translation>
    </message>
    <message>
        <source>Colour by log10(f − f_min): needed where the values span many decades (Rosenbrock, Beale)</source>
        <translation>رنگ‌آمیزی بر پایه ⁦log10(f − f_min)⁩: برای جایی که مقادیر چندین مرتبه بزرگی را در بر می‌گیرند (Rosenbrock، Beale)</translation>
    </message>
    <message>
        <source>Surface</source>
        <translation>سطح</translation>
    </message>
    <message>
        <source>f(x, y) =</source>
        <translation>f(x, y) =</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>دامنه</translation>
    </message>
    <message>
        <source>The domain needs four numbers: x from, x to, y from, y to.</source>
        <translation>دامنه چهار عدد می‌خواهد: x از، x تا، y از، y تا.</translation>
    </message>
    <message>
        <source>Graph {0}, axes {1} and {2}, its one example</source>
        <translation>گراف {0}، محورهای {1} و {2}، تنها نمونهٔ آن</translation>
    </message>
    <message>
        <source>Graph {0}, axes {1} and {2}, mean over {3} rows of {4}</source>
        <translation>گراف {0}، محورهای {1} و {2}، میانگین روی {3} سطر از {4}</translation>
    </message>
</context>
<context>
    <name>SurfaceView</name>
    <message>
        <source>Start point: drag to move it (every path follows); right-click to remove it</source>
        <translation>نقطه شروع: برای جابه‌جایی بکشید (همه مسیرها دنبالش می‌آیند)؛ برای حذف راست‌کلیک کنید</translation>
    </message>
    <message>
        <source>Remove start point</source>
        <translation>حذف نقطه شروع</translation>
    </message>
    <message>
        <source>Loss surface: drag a start point, Ctrl+click to add one, scroll to zoom, drag to pan; click a critical point or a run&apos;s head to inspect it</source>
        <translation>سطح تابع اتلاف: نقطه شروع را بکشید، برای افزودن Ctrl+کلیک کنید، برای بزرگ‌نمایی چرخ موشواره را بچرخانید، برای جابه‌جایی بکشید؛ برای بررسی روی یک نقطه بحرانی یا سر مسیر یک اجرا کلیک کنید</translation>
    </message>
    <message>
        <source>log₁₀(1 + f − f_min)</source>
        <translation>log₁₀(1 + f − f_min)</translation>
    </message>
    <message>
        <source>f(x, y)</source>
        <translation>f(x, y)</translation>
    </message>
</context>
<context>
    <name>SwarmPanel</name>
    <message>
        <source>Basins</source>
        <translation>حوضه‌های جذب</translation>
    </message>
    <message>
        <source>Learning-rate sweep</source>
        <translation>پیمایش نرخ یادگیری</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>لغو شد.</translation>
    </message>
    <message>
        <source>The run whose optimizer is started from every grid cell</source>
        <translation>اجرایی که بهینه‌سازش از هر خانه شبکه آغاز می‌شود</translation>
    </message>
    <message>
        <source> × same</source>
        <translation> × همین تعداد</translation>
    </message>
    <message>
        <source>Starts per side of the grid over the domain</source>
        <translation>تعداد نقاط شروع در هر ضلع شبکه روی دامنه</translation>
    </message>
    <message>
        <source>Steps of every run</source>
        <translation>گام‌های هر اجرا</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>محاسبه</translation>
    </message>
    <message>
        <source>Run the optimizer from every cell (in the background)</source>
        <translation>اجرای بهینه‌ساز از هر خانه (در پس‌زمینه)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
    <message>
        <source>Show on the surface</source>
        <translation>نمایش روی سطح</translation>
    </message>
    <message>
        <source>Overlay the basin map on the loss surface, semi-transparent</source>
        <translation>نقشه حوضه‌ها به صورت نیمه‌شفاف روی سطح اتلاف</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>بهینه‌ساز</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>شبکه</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>گام‌ها</translation>
    </message>
    <message>
        <source>Colour: the minimum each start ends at (paler: more steps to get there); dark: diverged; grey: not settled within the steps.</source>
        <translation>رنگ: کمینه‌ای که هر نقطه شروع به آن می‌رسد (کم‌رنگ‌تر: گام‌های بیشتر تا رسیدن)؛ تیره: واگرا؛ خاکستری: در این تعداد گام پایدار نشده.</translation>
    </message>
    <message>
        <source>Tick the runs to sweep (their other settings are kept)</source>
        <translation>اجراهایی را که باید پیمایش شوند تیک بزنید (تنظیمات دیگرشان حفظ می‌شود)</translation>
    </message>
    <message>
        <source>Every run of the sweep starts here</source>
        <translation>همه اجراهای پیمایش از اینجا آغاز می‌شوند</translation>
    </message>
    <message>
        <source>Smallest learning rate</source>
        <translation>کوچک‌ترین نرخ یادگیری</translation>
    </message>
    <message>
        <source>Largest learning rate</source>
        <translation>بزرگ‌ترین نرخ یادگیری</translation>
    </message>
    <message>
        <source>Learning rates, log-spaced between the two</source>
        <translation>نرخ‌های یادگیری، با فاصله لگاریتمی میان این دو</translation>
    </message>
    <message>
        <source>final f − f_min</source>
        <translation>‏f − f_min پایانی</translation>
    </message>
    <message>
        <source>steps to settle</source>
        <translation>گام‌ها تا پایدار شدن</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>نرخ یادگیری</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>اجراها</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>نقطه شروع</translation>
    </message>
    <message>
        <source>Learning rates</source>
        <translation>نرخ‌های یادگیری</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>تعداد</translation>
    </message>
    <message>
        <source>Click a point to give that run its learning rate. ×: diverged.</source>
        <translation>روی یک نقطه کلیک کنید تا نرخ یادگیری آن به اجرا داده شود. ×: واگرا.</translation>
    </message>
    <message>
        <source>Add a run first.</source>
        <translation>نخست یک اجرا بیفزایید.</translation>
    </message>
    <message>
        <source>Computing {0} starts of {1}…</source>
        <translation>در حال محاسبه {0} نقطه شروع با ⁨{1}⁩…</translation>
    </message>
    <message>
        <source>{0}, {1} steps</source>
        <translation>‏⁨{0}⁩، {1} گام</translation>
    </message>
    <message>
        <source>({0:.3g}, {1:.3g}): {2}</source>
        <translation>⁦({0:.3g}, {1:.3g})⁩: {2}</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>واگرا</translation>
    </message>
    <message>
        <source>not settled</source>
        <translation>پایدار نشده</translation>
    </message>
    <message>
        <source>{0} of the starts settled at a minimum, {1} diverged.</source>
        <translation>‏{0} از نقاط شروع در یک کمینه پایدار شدند و {1} واگرا شدند.</translation>
    </message>
    <message>
        <source>f is undefined at {0} of the starts or where their runs went.</source>
        <translation>تابع ⁦f⁩ در ⁦{0}⁩ از نقاط شروع یا جایی که اجراهایشان رفتند تعریف نشده است.</translation>
    </message>
    <message>
        <source>Tick at least one run to sweep.</source>
        <translation>دست‌کم یک اجرا را برای پیمایش تیک بزنید.</translation>
    </message>
    <message>
        <source>Computing {0} runs…</source>
        <translation>در حال محاسبه {0} اجرا…</translation>
    </message>
    <message>
        <source>run {0}: {1}</source>
        <translation>اجرای {0}: ⁨{1}⁩</translation>
    </message>
    <message>
        <source>{0} learning rates from {1:g} to {2:g}, {3} steps each, from ({4:g}, {5:g})</source>
        <translation>‏{0} نرخ یادگیری از ⁦{1:g}⁩ تا ⁦{2:g}⁩، هر یک {3} گام، از ⁦({4:g}, {5:g})⁩</translation>
    </message>
    <message>
        <source>○: a step landed where f is undefined (the run stopped; no final loss).</source>
        <translation>○: یک گام به جایی رسید که تابع ⁦f⁩ در آن تعریف نشده است (اجرا ایستاد؛ اتلاف پایانی ندارد).</translation>
    </message>
    <message>
        <source>That run was removed or changed its optimizer; compute the sweep again.</source>
        <translation>آن اجرا حذف شده یا بهینه‌سازش تغییر کرده است؛ پیمایش را دوباره محاسبه کنید.</translation>
    </message>
    <message>
        <source>Run {0} now has lr = {1:.4g}.</source>
        <translation>اجرای {0} اکنون ⁦lr = {1:.4g}⁩ دارد.</translation>
    </message>
    <message>
        <source>start {0}: ({1:.4g}, {2:.4g})</source>
        <translation>نقطه شروع {0}: ⁦({1:.4g}, {2:.4g})⁩</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>&apos;{bracket}&apos; was never closed</source>
        <translation>نویسه «{bracket}» هرگز بسته نشده است</translation>
    </message>
    <message>
        <source>&apos;{feature}&apos; is not an input of the graph</source>
        <translation>گراف ورودی‌ای به نام «⁦{feature}⁩» ندارد</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a reserved word; choose another name</source>
        <translation>نام «{name}» رزروشده است؛ نام دیگری برگزینید</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is already defined on line {first}; a name is defined once</source>
        <translation>نام «{name}» پیش‌تر در سطر {first} تعریف شده است؛ هر نام فقط یک بار تعریف می‌شود</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is defined on line {line}, after it is used here; define every name before using it (a graph cannot have cycles)</source>
        <translation>نام «{name}» در سطر {line}، پس از به‌کاررفتنش در اینجا، تعریف شده است؛ هر نام را پیش از به‌کاربردن تعریف کنید (گراف نمی‌تواند دور داشته باشد)</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is used in its own definition; a graph cannot have cycles</source>
        <translation>نام «{name}» در تعریف خودش به کار رفته است؛ گراف نمی‌تواند دور داشته باشد</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; is not allowed in a formula at column {column}; call only {functions} by name</source>
        <translation>عبارت «{part}» در ضابطه مجاز نیست (ستون {column})؛ فقط توابع {functions} را با نامشان فراخوانی کنید</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; is not allowed in a formula at column {column}; use numbers, x, y, + - * / ** ^, parentheses and the listed functions</source>
        <translation>عبارت «{part}» در ضابطه مجاز نیست (ستون {column})؛ از عددها، x، y، ⁦+ - * / ** ^⁩، پرانتز و توابع فهرست‌شده استفاده کنید</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; is not allowed; call only {functions} by name</source>
        <translation>عبارت «{part}» مجاز نیست؛ فقط توابع {functions} را با نامشان فراخوانی کنید</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; is not allowed; use numbers, names, + - * / ^, parentheses and the functions {functions}</source>
        <translation>عبارت «{part}» مجاز نیست؛ از عددها، نام‌ها، ⁦+ - * / ^⁩، پرانتز و توابع {functions} استفاده کنید</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; is not real (a complex number) at column {column}</source>
        <translation>‏⁦&apos;{part}&apos;⁩ حقیقی نیست (عددی مختلط است) (ستون {column})</translation>
    </message>
    <message>
        <source>--axes takes two parameter names, P,Q (e.g. w,b); got &apos;{axes}&apos;</source>
        <translation>‏⁦--axes⁩ دو نام پارامتر می‌گیرد، ⁦P,Q⁩ (مثلاً ⁦w,b⁩)؛ اما «⁦{axes}⁩» داده شده است</translation>
    </message>
    <message>
        <source>1 − β1ᵗ: bias correction of m</source>
        <translation>‏⁦1 − β1ᵗ⁩: تصحیح سوگیری m</translation>
    </message>
    <message>
        <source>1 − β2ᵗ: bias correction of v</source>
        <translation>‏⁦1 − β2ᵗ⁩: تصحیح سوگیری v</translation>
    </message>
    <message>
        <source>A start point needs finite x and y.</source>
        <translation>نقطه شروع باید x و y متناهی داشته باشد.</translation>
    </message>
    <message>
        <source>AMSGrad</source>
        <translation>AMSGrad</translation>
    </message>
    <message>
        <source>AdaGrad</source>
        <translation>AdaGrad</translation>
    </message>
    <message>
        <source>Adadelta</source>
        <translation>Adadelta</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>Adamax</source>
        <translation>Adamax</translation>
    </message>
    <message>
        <source>At least one start point is needed.</source>
        <translation>دست‌کم یک نقطه شروع لازم است.</translation>
    </message>
    <message>
        <source>GD</source>
        <translation>گرادیان کاهشی (GD)</translation>
    </message>
    <message>
        <source>Invalid {name} value: {value} (must be in {range})</source>
        <translation>مقدار نامعتبر برای {name}: {value} (باید در بازه {range} باشد)</translation>
    </message>
    <message>
        <source>Invalid {name}: expected a number, got {value}</source>
        <translation>مقدار نامعتبر برای {name}: باید عدد باشد، اما {value} داده شده است</translation>
    </message>
    <message>
        <source>Invalid {name}: expected a whole number, got {value}</source>
        <translation>مقدار نامعتبر برای {name}: باید عدد صحیح باشد، اما {value} داده شده است</translation>
    </message>
    <message>
        <source>Invalid {name}: expected one of {choices}, got {value}</source>
        <translation>مقدار نامعتبر برای {name}: باید یکی از {choices} باشد، اما {value} داده شده است</translation>
    </message>
    <message>
        <source>Invalid {name}: expected true or false, got {value}</source>
        <translation>مقدار نامعتبر برای {name}: باید true یا false باشد، اما {value} داده شده است</translation>
    </message>
    <message>
        <source>Invalid {name}: must be finite, got {value}</source>
        <translation>مقدار نامعتبر برای {name}: باید متناهی باشد، اما {value} داده شده است</translation>
    </message>
    <message>
        <source>L2 penalty λ: g ← g + λ·p (coupled)</source>
        <translation>جریمه L2 با ضریب λ: ⁦g ← g + λ·p⁩ (جفت‌شده)</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>تکانه (Momentum)</translation>
    </message>
    <message>
        <source>NAdam</source>
        <translation>NAdam</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>تکانه نستروف (Nesterov)</translation>
    </message>
    <message>
        <source>Nesterov momentum requires a momentum and zero dampening</source>
        <translation>تکانه نستروف به تکانه‌ای مثبت و میرایی صفر نیاز دارد</translation>
    </message>
    <message>
        <source>QHAdam</source>
        <translation>QHAdam</translation>
    </message>
    <message>
        <source>QHM</source>
        <translation>QHM</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>Steps must be between {low} and {high}.</source>
        <translation>تعداد گام‌ها باید بین {low} و {high} باشد.</translation>
    </message>
    <message>
        <source>a bowl covered in local minima</source>
        <translation>کاسه‌ای پوشیده از کمینه‌های محلی</translation>
    </message>
    <message>
        <source>a domain is ((xmin, xmax), (ymin, ymax))</source>
        <translation>دامنه به شکل ⁦((xmin, xmax), (ymin, ymax))⁩ است</translation>
    </message>
    <message>
        <source>a domain needs finite xmin &lt; xmax and ymin &lt; ymax</source>
        <translation>کران‌های دامنه باید متناهی باشند و ⁦xmin &lt; xmax⁩ و ⁦ymin &lt; ymax⁩</translation>
    </message>
    <message>
        <source>a graph must be text</source>
        <translation>گراف باید متن باشد</translation>
    </message>
    <message>
        <source>a grid varies two parameters (give --vary twice), got {count}</source>
        <translation>شبکه دو پارامتر را تغییر می‌دهد (⁦--vary⁩ را دو بار بدهید)، اما {count} داده شده است</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>فهرست</translation>
    </message>
    <message>
        <source>a minibatch needs at least one row of data</source>
        <translation>دسته کوچک دست‌کم به یک سطر داده نیاز دارد</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>عدد</translation>
    </message>
    <message>
        <source>a number ({value})</source>
        <translation>عدد ({value})</translation>
    </message>
    <message>
        <source>a saddle at the origin between two minima</source>
        <translation>یک نقطه زینی در مبدأ میان دو کمینه</translation>
    </message>
    <message>
        <source>a scene must be a JSON object, not {kind}</source>
        <translation>صحنه باید یک شیء JSON باشد، نه {kind}</translation>
    </message>
    <message>
        <source>a surface is a built-in name or a formula in x and y</source>
        <translation>سطح یا نام یکی از سطح‌های آماده است یا ضابطه‌ای بر حسب x و y</translation>
    </message>
    <message>
        <source>a sweep needs at least one optimizer</source>
        <translation>پیمایش دست‌کم به یک بهینه‌ساز نیاز دارد</translation>
    </message>
    <message>
        <source>a {grid} x {grid} grid with {steps} steps is too much work (grid^2 x steps at most {limit}); use a coarser grid or fewer steps</source>
        <translation>شبکه ⁦{grid} × {grid}⁩ با {steps} گام بیش از حد سنگین است (حاصل‌ضرب شمار خانه‌ها در شمار گام‌ها حداکثر {limit})؛ شبکه‌ای درشت‌تر یا گام‌های کمتری برگزینید</translation>
    </message>
    <message>
        <source>a {grid} x {grid} grid with {steps} steps on {rows} data rows per step is too much work; use a coarser grid, fewer steps or a smaller batch</source>
        <translation>شبکه‌ی ⁦{grid} x {grid}⁩ با {steps} گام روی {rows} سطر داده در هر گام کار بیش از حدی است؛ شبکه‌ای درشت‌تر، گام‌های کمتر یا دسته‌ای کوچک‌تر به کار ببرید</translation>
    </message>
    <message>
        <source>added to the denominator for stability</source>
        <translation>برای پایداری به مخرج افزوده می‌شود</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>شیء</translation>
    </message>
    <message>
        <source>an optimizer spec is a name such as adam, optionally with :param=value,...</source>
        <translation>مشخصه بهینه‌ساز یک نام است مانند adam، در صورت نیاز همراه با ⁦:param=value,...⁩</translation>
    </message>
    <message>
        <source>answers line {line}: &apos;{name}&apos; is already answered on line {first}</source>
        <translation>سطر {line} پاسخ‌ها: برای «{name}» پیش‌تر در سطر {first} پاسخ داده شده است</translation>
    </message>
    <message>
        <source>answers line {line}: &apos;{name}&apos; is not a node of the graph</source>
        <translation>سطر {line} پاسخ‌ها: «{name}» گرهی از گراف نیست</translation>
    </message>
    <message>
        <source>answers line {line}: only a parameter has an updated value, and {name} is not one</source>
        <translation>سطر {line} پاسخ‌ها: فقط پارامترها مقدار به‌روزشده دارند و «{name}» پارامتر نیست</translation>
    </message>
    <message>
        <source>answers line {line}: the header must be name,value,grad (updated may be added)</source>
        <translation>سطر {line} پاسخ‌ها: سرستون‌ها باید ⁦name,value,grad⁩ باشند (⁦updated⁩ را هم می‌توان افزود)</translation>
    </message>
    <message>
        <source>answers line {line}: the {quantity} of {name} is not a number: {text}</source>
        <translation>سطر {line} پاسخ‌ها: مقدار ستون ⁦{quantity}⁩ برای «{name}» عدد نیست: ⁦{text}⁩</translation>
    </message>
    <message>
        <source>answers line {line}: {count} cells, the header has {columns}</source>
        <translation>سطر {line} پاسخ‌ها: {count} خانه دارد، در حالی که سرستون {columns} خانه دارد</translation>
    </message>
    <message>
        <source>ascend f: use −∇f as the gradient</source>
        <translation>صعود روی f: ⁦−∇f⁩ به جای گرادیان به کار می‌رود</translation>
    </message>
    <message>
        <source>b: momentum buffer (running sum of g / d)</source>
        <translation>‏b: بافر تکانه (مجموع جاری ⁦g / d⁩)</translation>
    </message>
    <message>
        <source>b: momentum buffer (running sum of gradients)</source>
        <translation>‏b: بافر تکانه (مجموع جاری گرادیان‌ها)</translation>
    </message>
    <message>
        <source>bad optimizer parameter {item}: expected param=value</source>
        <translation>پارامتر نادرست بهینه‌ساز {item}: باید به شکل ⁦param=value⁩ باشد</translation>
    </message>
    <message>
        <source>batch must be 0 (the full dataset) or a positive number of rows, not {batch}</source>
        <translation>‏⁦batch⁩ باید 0 (همه داده‌ها) یا شمار مثبتی از سطرها باشد، نه ⁦{batch}⁩</translation>
    </message>
    <message>
        <source>batch={batch} needs a model on data: --graph FILE --axes P,Q --data CSV</source>
        <translation>‏⁦batch={batch}⁩ مدلی روی داده می‌خواهد: ⁦--graph FILE --axes P,Q --data CSV⁩</translation>
    </message>
    <message>
        <source>bias correction off</source>
        <translation>تصحیح سوگیری خاموش</translation>
    </message>
    <message>
        <source>bias correction on</source>
        <translation>تصحیح سوگیری روشن</translation>
    </message>
    <message>
        <source>cannot read the expression: it is nested too deeply or too large</source>
        <translation>عبارت خوانا نیست: بیش از حد تودرتو یا بزرگ است</translation>
    </message>
    <message>
        <source>cannot read the expression: {reason}</source>
        <translation>عبارت خوانا نیست: {reason}</translation>
    </message>
    <message>
        <source>cannot read the formula at column {column}: {reason}</source>
        <translation>ضابطه خوانا نیست (ستون {column}): {reason}</translation>
    </message>
    <message>
        <source>cannot read the formula: it is nested too deeply or holds invalid characters</source>
        <translation>ضابطه خوانا نیست: تودرتویی آن بیش از حد است یا نویسه‌های نامعتبر دارد</translation>
    </message>
    <message>
        <source>cannot read the formula: {reason}</source>
        <translation>ضابطه خوانا نیست: {reason}</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>خواندن {path} ممکن نیست: {reason}</translation>
    </message>
    <message>
        <source>centered off</source>
        <translation>مرکزی‌سازی خاموش</translation>
    </message>
    <message>
        <source>centered on</source>
        <translation>مرکزی‌سازی روشن</translation>
    </message>
    <message>
        <source>come back to the initial lr before the end</source>
        <translation>پیش از پایان به نرخ یادگیری آغازین برمی‌گردد</translation>
    </message>
    <message>
        <source>cos annealing</source>
        <translation>کاهش کسینوسی</translation>
    </message>
    <message>
        <source>cosine schedule</source>
        <translation>زمان‌بندی کسینوسی</translation>
    </message>
    <message>
        <source>curved narrow valley</source>
        <translation>دره باریک خمیده</translation>
    </message>
    <message>
        <source>cycle momentum off</source>
        <translation>چرخش تکانه خاموش</translation>
    </message>
    <message>
        <source>cycle momentum on</source>
        <translation>چرخش تکانه روشن</translation>
    </message>
    <message>
        <source>cycle the momentum (or β1) against the lr</source>
        <translation>تکانه (یا β1) را خلاف نرخ یادگیری می‌چرخاند</translation>
    </message>
    <message>
        <source>dampening τ: b ← μ·b + (1−τ)·g</source>
        <translation>میرایی τ: ⁦b ← μ·b + (1−τ)·g⁩</translation>
    </message>
    <message>
        <source>decay of both running averages</source>
        <translation>نرخ زوال هر دو میانگین متحرک</translation>
    </message>
    <message>
        <source>decay of the first moment m</source>
        <translation>نرخ زوال گشتاور اول m</translation>
    </message>
    <message>
        <source>decay of the second moment v</source>
        <translation>نرخ زوال گشتاور دوم v</translation>
    </message>
    <message>
        <source>decoupled weight decay λ</source>
        <translation>کاهش وزن جداشده (decoupled) λ</translation>
    </message>
    <message>
        <source>degenerate saddle (zero Hessian)</source>
        <translation>نقطه زینی تبهگن (ماتریس هسین صفر)</translation>
    </message>
    <message>
        <source>direction (the step is −lr times this)</source>
        <translation>جهت (گام برابر است با ⁦−lr⁩ ضرب در این)</translation>
    </message>
    <message>
        <source>divide by the root of the gradient&apos;s variance v − ḡ²</source>
        <translation>تقسیم بر ریشه واریانس گرادیان ⁦v − ḡ²⁩</translation>
    </message>
    <message>
        <source>divide m and v by 1−βᵗ</source>
        <translation>تقسیم m و v بر ⁦1−βᵗ⁩</translation>
    </message>
    <message>
        <source>effective learning rate per coordinate</source>
        <translation>نرخ یادگیری مؤثر در هر مختصه</translation>
    </message>
    <message>
        <source>expected &apos;NAME = expression&apos;, &apos;input NAME = number&apos;, &apos;param NAME = number&apos; or &apos;loss NAME = expression&apos;</source>
        <translation>انتظار می‌رفت ⁦NAME = expression⁩، ⁦input NAME = number⁩، ⁦param NAME = number⁩ یا ⁦loss NAME = expression⁩</translation>
    </message>
    <message>
        <source>expected 64 hexadecimal digits</source>
        <translation>64 رقم مبنای شانزده انتظار می‌رفت</translation>
    </message>
    <message>
        <source>expected NAME=LOW:HIGH:COUNT[:log|lin] (e.g. lr=0.001:1:5:log), got {text}</source>
        <translation>قالب درست ⁦NAME=LOW:HIGH:COUNT[:log|lin]⁩ است (مثلاً ⁦lr=0.001:1:5:log⁩)، اما {text} داده شده است</translation>
    </message>
    <message>
        <source>expected [[xmin, xmax], [ymin, ymax]] or null</source>
        <translation>باید ⁦[[xmin, xmax], [ymin, ymax]]⁩ یا null باشد</translation>
    </message>
    <message>
        <source>expected a colour &apos;#rrggbb&apos; or null, got {kind}</source>
        <translation>باید رنگی به شکل ⁦&apos;#rrggbb&apos;⁩ یا null باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected a file path (text), got {kind}</source>
        <translation>مسیر یک پرونده (متن) انتظار می‌رفت، اما {kind} آمد</translation>
    </message>
    <message>
        <source>expected a list of distinct column names, got {kind}</source>
        <translation>فهرستی از نام‌های ستون متمایز انتظار می‌رفت، اما {kind} آمد</translation>
    </message>
    <message>
        <source>expected a list of runs, got {kind}</source>
        <translation>باید فهرستی از اجراها باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected a list of {count} numbers, got {kind}</source>
        <translation>فهرستی از {count} عدد انتظار می‌رفت، اما {kind} آمد</translation>
    </message>
    <message>
        <source>expected a non-empty list of [x, y] points, got {kind}</source>
        <translation>باید فهرستی ناتهی از نقطه‌های ⁦[x, y]⁩ باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected a non-empty list of rows, got {kind}</source>
        <translation>فهرستی ناتهی از سطرها انتظار می‌رفت، اما {kind} آمد</translation>
    </message>
    <message>
        <source>expected a number, got {kind}</source>
        <translation>باید عدد باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected a pair [a, b] of numbers, got {kind}</source>
        <translation>باید زوجی از عددها به شکل ⁦[a, b]⁩ باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected a scene (a JSON object), got {kind}</source>
        <translation>باید یک صحنه (یک شیء JSON) باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected a surface name or formula (text), got {kind}</source>
        <translation>باید نام یک سطح یا یک ضابطه (متن) باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected a whole number, got {kind}</source>
        <translation>باید عدد صحیح باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected an object with &apos;graph&apos; and &apos;axes&apos;, got {kind}</source>
        <translation>شیئی با &apos;graph&apos; و &apos;axes&apos; انتظار می‌رفت، اما {kind} آمد</translation>
    </message>
    <message>
        <source>expected an object with &apos;path&apos; and &apos;sha256&apos;, or null, got {kind}</source>
        <translation>شیئی با &apos;path&apos; و &apos;sha256&apos; یا null انتظار می‌رفت، اما {kind} آمد</translation>
    </message>
    <message>
        <source>expected an object with an &apos;optimizer&apos; field, got {kind}</source>
        <translation>باید شیئی با فیلد ⁦&apos;optimizer&apos;⁩ باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected an optimizer spec such as &apos;adam:lr=0.01&apos;, got {kind}</source>
        <translation>باید مشخصه‌ای از بهینه‌ساز مانند ⁦&apos;adam:lr=0.01&apos;⁩ باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected text or null, got {kind}</source>
        <translation>متن یا null انتظار می‌رفت، اما {kind} آمد</translation>
    </message>
    <message>
        <source>expected text, got {kind}</source>
        <translation>باید متن باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected the graph&apos;s text, got {kind}</source>
        <translation>متن گراف انتظار می‌رفت، اما {kind} آمد</translation>
    </message>
    <message>
        <source>expected true or false, got {kind}</source>
        <translation>باید true یا false باشد، اما {kind} است</translation>
    </message>
    <message>
        <source>expected two parameter names [P, Q], got {kind}</source>
        <translation>نام دو پارامتر ⁦[P, Q]⁩ انتظار می‌رفت، اما {kind} آمد</translation>
    </message>
    <message>
        <source>exponential schedule</source>
        <translation>زمان‌بندی نمایی</translation>
    </message>
    <message>
        <source>factor of each decay</source>
        <translation>ضریب هر کاهش</translation>
    </message>
    <message>
        <source>factor of lr after total_iters</source>
        <translation>ضریب lr پس از total_iters</translation>
    </message>
    <message>
        <source>factor of lr at the first step</source>
        <translation>ضریب lr در گام نخست</translation>
    </message>
    <message>
        <source>factor per step</source>
        <translation>ضریب هر گام</translation>
    </message>
    <message>
        <source>flat plateaus and sharp ridges</source>
        <translation>فلات‌های تخت و تیغه‌های تیز</translation>
    </message>
    <message>
        <source>flat, strongly correlated quadratic</source>
        <translation>تابع درجه دوم تخت با همبستگی قوی</translation>
    </message>
    <message>
        <source>four equal minima</source>
        <translation>چهار کمینه هم‌ارز</translation>
    </message>
    <message>
        <source>four minima of different depths</source>
        <translation>چهار کمینه با عمق‌های متفاوت</translation>
    </message>
    <message>
        <source>fraction of the cycle spent raising the lr</source>
        <translation>بخشی از چرخه که نرخ یادگیری در آن بالا می‌رود</translation>
    </message>
    <message>
        <source>g used: −∇f if maximize, plus λ·p with weight decay</source>
        <translation>‏g به‌کاررفته: ⁦−∇f⁩ اگر بیشینه‌سازی روشن باشد، به‌علاوه ⁦λ·p⁩ با کاهش وزن</translation>
    </message>
    <message>
        <source>gradient noise (added to ∇f)</source>
        <translation>نوفه گرادیان (افزوده به ⁦∇f⁩)</translation>
    </message>
    <message>
        <source>holds a character that is not valid text (U+{code}) at position {position}</source>
        <translation>نویسه‌ای دارد که متن معتبر نیست (⁦U+{code}⁩) در جایگاه {position}</translation>
    </message>
    <message>
        <source>ill-conditioned quadratic (condition number 20): GD zig-zags</source>
        <translation>تابع درجه دوم بدحالت (عدد حالت 20): گرادیان کاهشی زیگزاگ می‌رود</translation>
    </message>
    <message>
        <source>initial lr = max_lr/div_factor</source>
        <translation>نرخ یادگیری آغازین ⁦= max_lr/div_factor⁩</translation>
    </message>
    <message>
        <source>invalid character &apos;{char}&apos; ({code})</source>
        <translation>نویسه نامعتبر «{char}» ({code})</translation>
    </message>
    <message>
        <source>invalid character &apos;{char}&apos; ({code}); write plain ASCII, e.g. - for a minus sign</source>
        <translation>نویسه نامعتبر «{char}» (⁦{code}⁩)؛ فقط نویسه‌های ASCII بنویسید، برای نمونه ⁦-⁩ برای علامت منفی</translation>
    </message>
    <message>
        <source>invalid decimal literal</source>
        <translation>عدد نامعتبر</translation>
    </message>
    <message>
        <source>invalid syntax</source>
        <translation>نحو نادرست</translation>
    </message>
    <message>
        <source>largest learning rate of the cycle</source>
        <translation>بزرگ‌ترین نرخ یادگیری چرخه</translation>
    </message>
    <message>
        <source>last lr = initial lr/final_div_factor</source>
        <translation>نرخ یادگیری پایانی = نرخ آغازین ⁦/final_div_factor⁩</translation>
    </message>
    <message>
        <source>leaky_relu takes leaky_relu(z) or leaky_relu(z, slope)</source>
        <translation>‏⁦leaky_relu⁩ به شکل ⁦leaky_relu(z)⁩ یا ⁦leaky_relu(z, slope)⁩ نوشته می‌شود</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>نرخ یادگیری</translation>
    </message>
    <message>
        <source>learning-rate schedule</source>
        <translation>زمان‌بندی نرخ یادگیری</translation>
    </message>
    <message>
        <source>line {line}, column {column}: {detail}</source>
        <translation>سطر {line}، ستون {column}: {detail}</translation>
    </message>
    <message>
        <source>linear annealing</source>
        <translation>کاهش خطی</translation>
    </message>
    <message>
        <source>linear schedule</source>
        <translation>زمان‌بندی خطی</translation>
    </message>
    <message>
        <source>look-ahead point p + μ·v (the gradient is taken here)</source>
        <translation>نقطه نگاه‌به‌جلو ⁦p + μ·v⁩ (گرادیان در اینجا گرفته می‌شود)</translation>
    </message>
    <message>
        <source>lookahead form</source>
        <translation>شکل lookahead</translation>
    </message>
    <message>
        <source>lr / (1 + (t − 1)·lr_decay): the decayed learning rate</source>
        <translation>‏⁦lr / (1 + (t − 1)·lr_decay)⁩: نرخ یادگیری کاهش‌یافته</translation>
    </message>
    <message>
        <source>lr rises from max_lr/div_factor to max_lr over pct_start of total_steps, then falls to max_lr/(div_factor·final_div_factor); momentum (or β1) moves the other way</source>
        <translation>نرخ یادگیری در بخش pct_start از total_steps از ⁦max_lr/div_factor⁩ تا max_lr بالا می‌رود، سپس تا ⁦max_lr/(div_factor·final_div_factor)⁩ پایین می‌آید؛ تکانه (یا β1) در جهت مخالف حرکت می‌کند</translation>
    </message>
    <message>
        <source>lr/(1 + (t−1)·lr_decay) at step t</source>
        <translation>‏⁦lr/(1 + (t−1)·lr_decay)⁩ در گام t</translation>
    </message>
    <message>
        <source>lr_range is two numbers (lowest, highest)</source>
        <translation>بازه lr_range دو عدد است (کمترین، بیشترین)</translation>
    </message>
    <message>
        <source>lr_range needs 0 &lt; lowest &lt;= highest, got {value}</source>
        <translation>در بازه lr_range کمترین مقدار باید مثبت باشد و از بیشترین مقدار بزرگ‌تر نباشد، اما {value} است</translation>
    </message>
    <message>
        <source>lrₜ = lr·(start + (end − start)·min(t−1, total_iters)/total_iters)</source>
        <translation>‏⁦lrₜ = lr·(start + (end − start)·min(t−1, total_iters)/total_iters)⁩</translation>
    </message>
    <message>
        <source>lrₜ = lr·γ^(t−1)</source>
        <translation>‏⁦lrₜ = lr·γ^(t−1)⁩</translation>
    </message>
    <message>
        <source>lrₜ = lr·γ^⌊(t−1)/step_size⌋</source>
        <translation>‏⁦lrₜ = lr·γ^⌊(t−1)/step_size⌋⁩</translation>
    </message>
    <message>
        <source>lrₜ = η_min + (lr − η_min)·(1 + cos(π(t−1)/T_max))/2</source>
        <translation>‏⁦lrₜ = η_min + (lr − η_min)·(1 + cos(π(t−1)/T_max))/2⁩</translation>
    </message>
    <message>
        <source>lrₜ: the learning rate of this step (from the schedule)</source>
        <translation>‏lrₜ: نرخ یادگیری این گام (از زمان‌بندی)</translation>
    </message>
    <message>
        <source>m: running average of g (first moment)</source>
        <translation>‏m: میانگین متحرک g (گشتاور اول)</translation>
    </message>
    <message>
        <source>many local minima around a sharp global one</source>
        <translation>کمینه‌های محلی فراوان پیرامون یک کمینه سراسری تیز</translation>
    </message>
    <message>
        <source>maximize off</source>
        <translation>بیشینه‌سازی خاموش</translation>
    </message>
    <message>
        <source>maximize on</source>
        <translation>بیشینه‌سازی روشن</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>موجود نیست</translation>
    </message>
    <message>
        <source>missing expression after &apos;=&apos;</source>
        <translation>پس از «=» عبارتی نیامده است</translation>
    </message>
    <message>
        <source>momentum (or β1) at the ends</source>
        <translation>تکانه (یا β1) در دو سر چرخه</translation>
    </message>
    <message>
        <source>momentum (or β1) at the lr&apos;s peak</source>
        <translation>تکانه (یا β1) در اوج نرخ یادگیری</translation>
    </message>
    <message>
        <source>momentum factor β of the averaged buffer</source>
        <translation>ضریب تکانه β در بافر میانگین‌گیری‌شده</translation>
    </message>
    <message>
        <source>momentum factor μ</source>
        <translation>ضریب تکانه μ</translation>
    </message>
    <message>
        <source>momentum factor μ of the buffer b ← μ·b + g/d</source>
        <translation>ضریب تکانه μ برای بافر ⁦b ← μ·b + g/d⁩</translation>
    </message>
    <message>
        <source>must be 0 for Nesterov (as in torch)</source>
        <translation>برای نستروف باید 0 باشد (مانند torch)</translation>
    </message>
    <message>
        <source>must be a finite number, got {value}</source>
        <translation>باید عددی متناهی باشد، اما {value} است</translation>
    </message>
    <message>
        <source>must be between {low} and {limit}, got {value}</source>
        <translation>باید بین {low} و {limit} باشد، اما {value} است</translation>
    </message>
    <message>
        <source>m̂ = m / (1 − β1ᵗ)</source>
        <translation>⁦m̂ = m / (1 − β1ᵗ)⁩</translation>
    </message>
    <message>
        <source>needs a &apos;path&apos; or inline &apos;columns&apos; and &apos;rows&apos;</source>
        <translation>یک &apos;path&apos; یا &apos;columns&apos; و &apos;rows&apos; درون‌خطی لازم دارد</translation>
    </message>
    <message>
        <source>no column of the data is an input of the graph: the columns are {columns}, the inputs {inputs}</source>
        <translation>هیچ ستونی از داده‌ها ورودی گراف نیست: ستون‌ها ⁦{columns}⁩ هستند و ورودی‌ها ⁦{inputs}⁩</translation>
    </message>
    <message>
        <source>none schedule</source>
        <translation>بدون زمان‌بندی</translation>
    </message>
    <message>
        <source>not valid JSON: a number has too many digits</source>
        <translation>‏JSON معتبر نیست: رقم‌های یک عدد بیش از حد است</translation>
    </message>
    <message>
        <source>not valid JSON: nested too deeply</source>
        <translation>متن JSON معتبر نیست: تودرتویی آن بیش از حد است</translation>
    </message>
    <message>
        <source>not valid JSON: {reason} at line {line} column {column}</source>
        <translation>متن JSON معتبر نیست: {reason} در سطر {line}، ستون {column}</translation>
    </message>
    <message>
        <source>onecycle schedule</source>
        <translation>زمان‌بندی یک‌چرخه</translation>
    </message>
    <message>
        <source>only numbers are allowed as constants, not {value}</source>
        <translation>فقط عدد به عنوان مقدار ثابت مجاز است، نه ⁦{value}⁩</translation>
    </message>
    <message>
        <source>only numbers are allowed as constants, not {value} at column {column}</source>
        <translation>تنها عددها به عنوان ثابت مجازند، نه {value} (ستون {column})</translation>
    </message>
    <message>
        <source>optax form</source>
        <translation>شکل optax</translation>
    </message>
    <message>
        <source>pytorch form</source>
        <translation>شکل pytorch</translation>
    </message>
    <message>
        <source>pytorch: eps outside the root; optax: inside. Only eps moves: alpha stays as set (0.99 by default), while optax.rmsprop&apos;s default decay is 0.9; with alpha=0.9 the paths are optax&apos;s</source>
        <translation>‏pytorch: مقدار eps بیرون از ریشه؛ optax: درون آن. تنها جای eps عوض می‌شود: alpha همان است که تنظیم شده (⁦0.99⁩ به‌طور پیش‌فرض)، در حالی که نرخ فروکاهی پیش‌فرض ⁦optax.rmsprop⁩ برابر ⁦0.9⁩ است؛ با ⁦alpha=0.9⁩ مسیرها همان مسیرهای optax هستند</translation>
    </message>
    <message>
        <source>pytorch: torch.optim.SGD&apos;s buffer form; lookahead: Sutskever / CS231n velocity form</source>
        <translation>‏pytorch: شکل بافر torch.optim.SGD؛ lookahead: شکل سرعت Sutskever / CS231n</translation>
    </message>
    <message>
        <source>round quadratic bowl</source>
        <translation>کاسه درجه دوم گرد</translation>
    </message>
    <message>
        <source>rows per minibatch on a model with data (0: the full dataset at every step)</source>
        <translation>تعداد سطرهای هر مینی‌بچ در مدلی روی داده (⁦0⁩: کل داده در هر گام)</translation>
    </message>
    <message>
        <source>s: sum of g² so far</source>
        <translation>‏s: مجموع g² تا اینجا</translation>
    </message>
    <message>
        <source>scene field &apos;{field}&apos;: {detail}</source>
        <translation>فیلد «{field}» صحنه: {detail}</translation>
    </message>
    <message>
        <source>seed of the gradient noise and of the minibatch shuffling</source>
        <translation>بذر نوفه‌ی گرادیان و بُر زدن مینی‌بچ‌ها</translation>
    </message>
    <message>
        <source>shape of each phase</source>
        <translation>شکل هر مرحله</translation>
    </message>
    <message>
        <source>six local minima, two global</source>
        <translation>شش کمینه محلی که دو تای آن‌ها سراسری‌اند</translation>
    </message>
    <message>
        <source>smallest learning rate</source>
        <translation>کوچک‌ترین نرخ یادگیری</translation>
    </message>
    <message>
        <source>smoothing constant of the squared-gradient average</source>
        <translation>ضریب هموارسازی میانگین مربع گرادیان</translation>
    </message>
    <message>
        <source>standard deviation of Gaussian noise added to the gradient</source>
        <translation>انحراف معیار نوفه گاوسی افزوده به گرادیان</translation>
    </message>
    <message>
        <source>starting value of s</source>
        <translation>مقدار آغازین s</translation>
    </message>
    <message>
        <source>step schedule</source>
        <translation>زمان‌بندی پله‌ای</translation>
    </message>
    <message>
        <source>steps between decays</source>
        <translation>تعداد گام‌ها میان دو کاهش</translation>
    </message>
    <message>
        <source>steps must be a whole number from {low} to {high}, got {value}</source>
        <translation>تعداد گام‌ها باید عددی صحیح از {low} تا {high} باشد، اما {value} است</translation>
    </message>
    <message>
        <source>steps of a half cosine period</source>
        <translation>تعداد گام‌های نیم‌دوره کسینوس</translation>
    </message>
    <message>
        <source>steps of the cycle (a run may not be longer)</source>
        <translation>تعداد گام‌های چرخه (اجرا نمی‌تواند بلندتر باشد)</translation>
    </message>
    <message>
        <source>steps of the linear change</source>
        <translation>تعداد گام‌های تغییر خطی</translation>
    </message>
    <message>
        <source>text</source>
        <translation>متن</translation>
    </message>
    <message>
        <source>text ({value})</source>
        <translation>متن ({value})</translation>
    </message>
    <message>
        <source>the answers are not valid CSV: {reason}</source>
        <translation>پاسخ‌ها CSV معتبر نیستند: {reason}</translation>
    </message>
    <message>
        <source>the answers file has too many rows (at most {limit})</source>
        <translation>پرونده پاسخ‌ها سطرهای بیش از حد دارد (حداکثر {limit})</translation>
    </message>
    <message>
        <source>the answers file is empty; write a header name,value,grad and one row per node</source>
        <translation>پرونده پاسخ‌ها خالی است؛ سرستون ⁦name,value,grad⁩ و برای هر گره یک سطر بنویسید</translation>
    </message>
    <message>
        <source>the answers file is too large (at most {limit} bytes)</source>
        <translation>پرونده پاسخ‌ها بیش از حد بزرگ است (حداکثر {limit} بایت)</translation>
    </message>
    <message>
        <source>the axis &apos;{axis}&apos; is an {kind}, not a parameter; the graph&apos;s parameters are {params}</source>
        <translation>محور «⁦{axis}⁩» از نوع ⁦{kind}⁩ است، نه پارامتر؛ پارامترهای گراف: ⁦{params}⁩</translation>
    </message>
    <message>
        <source>the character &apos;{char}&apos; (U+{code}) is not allowed in a formula at column {column}</source>
        <translation>نویسه ⁦&apos;{char}&apos; (U+{code})⁩ در فرمول مجاز نیست (ستون {column})</translation>
    </message>
    <message>
        <source>the classic saddle point</source>
        <translation>نقطه زینی کلاسیک</translation>
    </message>
    <message>
        <source>the coordinates must be within ±{limit}, got {pair}</source>
        <translation>مختصات باید در بازهٔ ⁦±{limit}⁩ باشند، اما ⁦{pair}⁩ است</translation>
    </message>
    <message>
        <source>the exponent is too large (at most {limit})</source>
        <translation>توان بیش از حد بزرگ است (حداکثر {limit})</translation>
    </message>
    <message>
        <source>the exponent {exponent} is too large (at most {limit}) at column {column}</source>
        <translation>توان {exponent} بیش از حد بزرگ است (حداکثر {limit})؛ ستون {column}</translation>
    </message>
    <message>
        <source>the expression is nested too deeply (at most {limit} levels)</source>
        <translation>عبارت بیش از حد تودرتو است (حداکثر {limit} سطح)</translation>
    </message>
    <message>
        <source>the formula cannot be evaluated: {reason}</source>
        <translation>ضابطه را نمی‌توان محاسبه کرد: {reason}</translation>
    </message>
    <message>
        <source>the formula is empty; type an expression in x and y, e.g. x**2 + 3*y**2</source>
        <translation>ضابطه خالی است؛ عبارتی بر حسب x و y بنویسید، مثلاً ⁦x**2 + 3*y**2⁩</translation>
    </message>
    <message>
        <source>the formula is nested too deeply</source>
        <translation>تودرتویی ضابطه بیش از حد است</translation>
    </message>
    <message>
        <source>the formula is too complex: its derivatives would take too long to compile; use fewer factors or a simpler expression</source>
        <translation>ضابطه بیش از حد پیچیده است: ساختن کد مشتق‌های آن بسیار طول می‌کشد؛ عامل‌های کمتر یا عبارتی ساده‌تر به کار ببرید</translation>
    </message>
    <message>
        <source>the formula is too long (at most {limit} characters)</source>
        <translation>ضابطه بیش از حد طولانی است (حداکثر {limit} نویسه)</translation>
    </message>
    <message>
        <source>the formula is too long ({count} characters, at most {limit})</source>
        <translation>ضابطه بیش از حد بلند است ({count} نویسه، حداکثر {limit})</translation>
    </message>
    <message>
        <source>the formula is undefined everywhere (a division by zero or an infinite constant)</source>
        <translation>ضابطه در هیچ نقطه‌ای تعریف نشده است (تقسیم بر صفر یا ثابتی نامتناهی)</translation>
    </message>
    <message>
        <source>the formula may only use x and y</source>
        <translation>ضابطه فقط می‌تواند x و y را به کار ببرد</translation>
    </message>
    <message>
        <source>the formula must be text</source>
        <translation>ضابطه باید متن باشد</translation>
    </message>
    <message>
        <source>the graph has no inputs, so data cannot feed it; declare them with &apos;input NAME = value&apos;</source>
        <translation>گراف ورودی ندارد، پس داده‌ها نمی‌توانند به آن خورانده شوند؛ ورودی‌ها را با ⁦input NAME = value⁩ تعریف کنید</translation>
    </message>
    <message>
        <source>the graph has no loss; mark its output with &apos;loss NAME = expression&apos;</source>
        <translation>گراف تابع اتلاف ندارد؛ خروجی آن را با ⁦loss NAME = expression⁩ مشخص کنید</translation>
    </message>
    <message>
        <source>the graph has no node before its loss, so it has no prediction to show</source>
        <translation>گراف پیش از تابع اتلاف گره‌ای ندارد، پس پیش‌بینی‌ای برای نمایش ندارد</translation>
    </message>
    <message>
        <source>the graph has too many lines ({count}, at most {limit})</source>
        <translation>گراف سطرهای بیش از حد دارد ({count}، حداکثر {limit})</translation>
    </message>
    <message>
        <source>the graph has too many statements (at most {limit})</source>
        <translation>گراف دستورهای بیش از حد دارد (حداکثر {limit})</translation>
    </message>
    <message>
        <source>the line is too long ({count} characters, at most {limit})</source>
        <translation>سطر بیش از حد طولانی است ({count} نویسه، حداکثر {limit})</translation>
    </message>
    <message>
        <source>the loss must be the last statement (the loss is on line {loss_line})</source>
        <translation>تابع اتلاف باید آخرین دستور باشد (تابع اتلاف در سطر {loss_line} است)</translation>
    </message>
    <message>
        <source>the minimum must be below the maximum, got {pair}</source>
        <translation>حد پایین باید کمتر از حد بالا باشد، اما {pair} است</translation>
    </message>
    <message>
        <source>the name is too long (at most {limit} characters)</source>
        <translation>نام بیش از حد طولانی است (حداکثر {limit} نویسه)</translation>
    </message>
    <message>
        <source>the number is too large (at most {limit})</source>
        <translation>عدد بیش از حد بزرگ است (حداکثر ⁦{limit}⁩)</translation>
    </message>
    <message>
        <source>the number is too large ({value})</source>
        <translation>عدد بیش از حد بزرگ است ({value})</translation>
    </message>
    <message>
        <source>the number is too large at column {column}</source>
        <translation>عدد بیش از حد بزرگ است (ستون {column})</translation>
    </message>
    <message>
        <source>the number {power} is too large at column {column}</source>
        <translation>عدد {power} بیش از حد بزرگ است (ستون {column})</translation>
    </message>
    <message>
        <source>the number {value} is too large at column {column}</source>
        <translation>عدد {value} بیش از حد بزرگ است (ستون {column})</translation>
    </message>
    <message>
        <source>the onecycle schedule cycles the momentum or beta1, which {optimizer} has not: give cycle_momentum=false</source>
        <translation>زمان‌بندی onecycle تکانه یا beta1 را می‌چرخاند، که {optimizer} ندارد: cycle_momentum=false را بدهید</translation>
    </message>
    <message>
        <source>the onecycle schedule has a phase of no steps (pct_start={pct} of total_steps={total}); torch&apos;s OneCycleLR divides by zero there</source>
        <translation>زمان‌بندی onecycle مرحله‌ای بدون گام دارد (pct_start={pct} از total_steps={total})؛ OneCycleLR در torch آن‌جا بر صفر تقسیم می‌کند</translation>
    </message>
    <message>
        <source>the onecycle schedule has total_steps={total} but the run has {steps} steps (torch&apos;s OneCycleLR cannot step past total_steps)</source>
        <translation>زمان‌بندی onecycle مقدار total_steps={total} دارد ولی اجرا {steps} گام دارد (OneCycleLR در torch نمی‌تواند از total_steps فراتر برود)</translation>
    </message>
    <message>
        <source>the range {pair} is too narrow: its width must be at least {minimum}</source>
        <translation>بازهٔ ⁦{pair}⁩ بیش از حد باریک است: پهنای آن باید دست‌کم ⁦{minimum}⁩ باشد</translation>
    </message>
    <message>
        <source>the slope of leaky_relu must be a number</source>
        <translation>شیب ⁦leaky_relu⁩ باید عدد باشد</translation>
    </message>
    <message>
        <source>the start point must be finite</source>
        <translation>نقطه شروع باید متناهی باشد</translation>
    </message>
    <message>
        <source>the surface is not defined at the start point {point}</source>
        <translation>سطح در نقطه شروع {point} تعریف نشده است</translation>
    </message>
    <message>
        <source>the two axes must be different parameters (both are &apos;{axis}&apos;)</source>
        <translation>دو محور باید دو پارامتر متفاوت باشند (هر دو «⁦{axis}⁩» هستند)</translation>
    </message>
    <message>
        <source>the value of {kind} &apos;{name}&apos; must be a number</source>
        <translation>مقدار ⁦{kind}⁩ «{name}» باید عدد باشد</translation>
    </message>
    <message>
        <source>the {schedule} schedule needs {key}</source>
        <translation>زمان‌بندی {schedule} به {key} نیاز دارد</translation>
    </message>
    <message>
        <source>three minima</source>
        <translation>سه کمینه</translation>
    </message>
    <message>
        <source>three phase off</source>
        <translation>سه‌مرحله‌ای خاموش</translation>
    </message>
    <message>
        <source>three phase on</source>
        <translation>سه‌مرحله‌ای روشن</translation>
    </message>
    <message>
        <source>tilted quadratic</source>
        <translation>تابع درجه دوم کج</translation>
    </message>
    <message>
        <source>tol must be a positive distance, got {value}</source>
        <translation>رواداری tol باید فاصله‌ای مثبت باشد، اما {value} است</translation>
    </message>
    <message>
        <source>too long (at most {limit} bytes)</source>
        <translation>بیش از حد طولانی (حداکثر {limit} بایت)</translation>
    </message>
    <message>
        <source>too long ({count} characters, at most {limit})</source>
        <translation>بیش از حد بلند است ({count} نویسه، حداکثر {limit})</translation>
    </message>
    <message>
        <source>too many rows ({count}, at most {limit})</source>
        <translation>سطرها بیش از حدند ({count}، حداکثر {limit})</translation>
    </message>
    <message>
        <source>too many runs ({count}, at most {limit})</source>
        <translation>شمار اجراها بیش از حد است ({count}، حداکثر {limit})</translation>
    </message>
    <message>
        <source>too many start points ({count}, at most {limit})</source>
        <translation>شمار نقاط شروع بیش از حد است ({count}، حداکثر {limit})</translation>
    </message>
    <message>
        <source>u: average of squared steps</source>
        <translation>‏u: میانگین مربع گام‌ها</translation>
    </message>
    <message>
        <source>u: decaying maximum of |g|</source>
        <translation>‏u: بیشینه میراشونده |g|</translation>
    </message>
    <message>
        <source>unknown axis &apos;{axis}&apos;: the graph&apos;s parameters are {params}</source>
        <translation>محور ناشناخته «⁦{axis}⁩»: پارامترهای گراف ⁦{params}⁩ هستند</translation>
    </message>
    <message>
        <source>unknown field; a model has {fields}</source>
        <translation>فیلد ناشناخته؛ یک مدل این فیلدها را دارد: {fields}</translation>
    </message>
    <message>
        <source>unknown field; a run has {fields}</source>
        <translation>فیلد ناشناخته؛ هر اجرا این فیلدها را دارد: {fields}</translation>
    </message>
    <message>
        <source>unknown field; a scene has {fields}</source>
        <translation>فیلد ناشناخته؛ صحنه این فیلدها را دارد: {fields}</translation>
    </message>
    <message>
        <source>unknown field; data has {fields}</source>
        <translation>فیلد ناشناخته؛ داده این فیلدها را دارد: {fields}</translation>
    </message>
    <message>
        <source>unknown format {format}; a scene file has no format field, a run-data file has {expected}</source>
        <translation>قالب ناشناخته {format}؛ پرونده صحنه فیلد format ندارد و پرونده داده‌های اجرا ⁦{expected}⁩ دارد</translation>
    </message>
    <message>
        <source>unknown function &apos;{name}&apos; at column {column}; allowed: {functions}</source>
        <translation>تابع ناشناخته «{name}» (ستون {column})؛ توابع مجاز: {functions}</translation>
    </message>
    <message>
        <source>unknown function &apos;{name}&apos;; allowed: {functions}</source>
        <translation>تابع ناشناخته «{name}»؛ توابع مجاز: {functions}</translation>
    </message>
    <message>
        <source>unknown name &apos;{name}&apos; at column {column}; use x, y, pi, e and the functions {functions}</source>
        <translation>نام ناشناخته «{name}» (ستون {column})؛ از x، y، pi، e و توابع {functions} استفاده کنید</translation>
    </message>
    <message>
        <source>unknown name &apos;{name}&apos;; a formula uses x, y, pi and e</source>
        <translation>نام ناشناخته «{name}»؛ ضابطه فقط x، y، pi و e را به کار می‌برد</translation>
    </message>
    <message>
        <source>unknown name &apos;{name}&apos;; define it on an earlier line</source>
        <translation>نام ناشناخته «{name}»؛ آن را در سطری پیش‌تر تعریف کنید</translation>
    </message>
    <message>
        <source>unknown node &apos;{node}&apos;</source>
        <translation>گره ناشناخته «⁦{node}⁩»</translation>
    </message>
    <message>
        <source>unknown optimizer {name}; choose one of {names}</source>
        <translation>بهینه‌ساز ناشناخته {name}؛ یکی از این‌ها را برگزینید: {names}</translation>
    </message>
    <message>
        <source>unknown parameter {key} for {optimizer}; it takes {names}</source>
        <translation>پارامتر ناشناخته {key} برای {optimizer}؛ پارامترهای آن: {names}</translation>
    </message>
    <message>
        <source>unknown surface &apos;{name}&apos;: not a built-in ({builtins}) nor a formula in x and y</source>
        <translation>سطح ناشناخته «{name}»: نه از سطح‌های آماده است ({builtins}) و نه ضابطه‌ای بر حسب x و y</translation>
    </message>
    <message>
        <source>unknown version {version}; this Optiscope reads version(s) {supported}</source>
        <translation>نسخه ناشناخته {version}؛ این نسخه از Optiscope نسخه‌های {supported} را می‌خواند</translation>
    </message>
    <message>
        <source>unmatched &apos;{bracket}&apos;</source>
        <translation>نویسه بی‌جفت «{bracket}»</translation>
    </message>
    <message>
        <source>v: running average of g² (second moment)</source>
        <translation>‏v: میانگین متحرک g² (گشتاور دوم)</translation>
    </message>
    <message>
        <source>v: velocity</source>
        <translation>‏v: سرعت</translation>
    </message>
    <message>
        <source>v_max: largest v so far</source>
        <translation>‏v_max: بزرگ‌ترین v تا اینجا</translation>
    </message>
    <message>
        <source>values over many decades</source>
        <translation>مقادیری در گستره چندین مرتبه بزرگی</translation>
    </message>
    <message>
        <source>v̂ = v / (1 − β2ᵗ)</source>
        <translation>⁦v̂ = v / (1 − β2ᵗ)⁩</translation>
    </message>
    <message>
        <source>weight ν of the momentum term (0: GD, 1: momentum)</source>
        <translation>وزن ν جمله تکانه (0: گرادیان کاهشی، 1: تکانه)</translation>
    </message>
    <message>
        <source>weight ν1 of m̂ against g</source>
        <translation>وزن ν1 برای m̂ در برابر g</translation>
    </message>
    <message>
        <source>weight ν2 of v̂ against g²</source>
        <translation>وزن ν2 برای v̂ در برابر g²</translation>
    </message>
    <message>
        <source>{axis}: {problem}</source>
        <translation>‏{axis}: {problem}</translation>
    </message>
    <message>
        <source>{cells} cells x {steps} steps is too much work (at most {limit}); use fewer values or steps</source>
        <translation>‏{cells} خانه × {steps} گام بیش از حد سنگین است (حداکثر {limit})؛ مقدارها یا گام‌های کمتری برگزینید</translation>
    </message>
    <message>
        <source>{key} is a parameter of the {owners} schedule; this spec has schedule={schedule}</source>
        <translation>‏{key} پارامتر زمان‌بندی {owners} است؛ این مشخصه schedule={schedule} دارد</translation>
    </message>
    <message>
        <source>{key} is an option of torch.optim.SGD&apos;s form: it needs convention=pytorch</source>
        <translation>‏{key} گزینه‌ای از شکل torch.optim.SGD است: به convention=pytorch نیاز دارد</translation>
    </message>
    <message>
        <source>{key} is set by the onecycle schedule (from {source}): leave it out</source>
        <translation>‏{key} را زمان‌بندی onecycle تعیین می‌کند (از {source}): آن را ندهید</translation>
    </message>
    <message>
        <source>{name} has a header but no rows of data</source>
        <translation>‏⁨{name}⁩ سرستون دارد ولی هیچ سطر داده‌ای ندارد</translation>
    </message>
    <message>
        <source>{name} has too many columns ({count}, at most {limit})</source>
        <translation>‏⁨{name}⁩ ستون‌های بیش از حد دارد ({count}، حداکثر {limit})</translation>
    </message>
    <message>
        <source>{name} has too many rows (at most {limit})</source>
        <translation>‏⁨{name}⁩ سطرهای بیش از حد دارد (حداکثر {limit})</translation>
    </message>
    <message>
        <source>{name} is a function: write {name}(...)</source>
        <translation>نام {name} یک تابع است: بنویسید ⁦{name}(...)⁩</translation>
    </message>
    <message>
        <source>{name} is a function: write {name}(...) at column {column}</source>
        <translation>نام {name} یک تابع است: بنویسید ⁦{name}(...)⁩ (ستون {column})</translation>
    </message>
    <message>
        <source>{name} is empty; the first line names the columns, e.g. x,y</source>
        <translation>‏⁨{name}⁩ خالی است؛ سطر نخست نام ستون‌ها را می‌آورد، مثلاً ⁦x,y⁩</translation>
    </message>
    <message>
        <source>{name} is not a number and cannot be varied</source>
        <translation>‏{name} عدد نیست و نمی‌توان آن را تغییر داد</translation>
    </message>
    <message>
        <source>{name} is not a regular file</source>
        <translation>پرونده {name} یک پرونده معمولی نیست</translation>
    </message>
    <message>
        <source>{name} is not a text (CSV) file</source>
        <translation>پرونده ⁨{name}⁩ متنی (⁦CSV⁩) نیست</translation>
    </message>
    <message>
        <source>{name} is not a text (UTF-8) file</source>
        <translation>پرونده {name} متنی (UTF-8) نیست</translation>
    </message>
    <message>
        <source>{name} is too large (at most {limit} bytes)</source>
        <translation>پرونده {name} بیش از حد بزرگ است (حداکثر {limit} بایت)</translation>
    </message>
    <message>
        <source>{name} is too large to be a scene file</source>
        <translation>پرونده {name} بزرگ‌تر از آن است که پرونده صحنه باشد</translation>
    </message>
    <message>
        <source>{name} is varied twice; vary two different parameters</source>
        <translation>‏{name} دو بار تغییر داده شده است؛ دو پارامتر متفاوت را تغییر دهید</translation>
    </message>
    <message>
        <source>{name} must be a whole number from {low} to {high}, got {value}</source>
        <translation>مقدار {name} باید عددی صحیح از {low} تا {high} باشد، اما {value} است</translation>
    </message>
    <message>
        <source>{name}() takes exactly one argument at column {column}</source>
        <translation>تابع ⁦{name}()⁩ دقیقاً یک آرگومان می‌گیرد (ستون {column})</translation>
    </message>
    <message>
        <source>{name}() takes {count} argument(s)</source>
        <translation>‏⁦{name}()⁩ {count} آرگومان می‌گیرد</translation>
    </message>
    <message>
        <source>{name}, line {line}, column &apos;{column}&apos;: &apos;{text}&apos; is not a number</source>
        <translation>‏⁨{name}⁩، سطر {line}، ستون «⁦{column}⁩»: «⁦{text}⁩» عدد نیست</translation>
    </message>
    <message>
        <source>{name}, line {line}, column &apos;{column}&apos;: {text} is not a finite number</source>
        <translation>‏⁨{name}⁩، سطر {line}، ستون «⁦{column}⁩»: ⁦{text}⁩ عددی متناهی نیست</translation>
    </message>
    <message>
        <source>{name}, line {line}, column &apos;{column}&apos;: {text} is not a finite number (too large)</source>
        <translation>‏⁨{name}⁩، سطر {line}، ستون «⁦{column}⁩»: ⁦{text}⁩ عددی متناهی نیست (بیش از حد بزرگ است)</translation>
    </message>
    <message>
        <source>{name}, line {line}: a quoted value runs over several lines (is a quote not closed?)</source>
        <translation>‏⁨{name}⁩، سطر {line}: مقداری در نقل‌قول به چند سطر کشیده شده است (آیا یک گیومه بسته نشده؟)</translation>
    </message>
    <message>
        <source>{name}, line {line}: cannot read the CSV: {reason}</source>
        <translation>‏⁨{name}⁩، سطر {line}: خواندن ⁦CSV⁩ ممکن نیست: {reason}</translation>
    </message>
    <message>
        <source>{name}, line {line}: column {index} has no name</source>
        <translation>‏⁨{name}⁩، سطر {line}: ستون {index} نام ندارد</translation>
    </message>
    <message>
        <source>{name}, line {line}: the column name &apos;{column}&apos; appears twice</source>
        <translation>‏⁨{name}⁩، سطر {line}: نام ستون «⁦{column}⁩» دو بار آمده است</translation>
    </message>
    <message>
        <source>{name}, line {line}: the column name &apos;{column}&apos; is not a name (letters, digits and _, not starting with a digit; at most {limit} characters); is the header row missing?</source>
        <translation>‏⁨{name}⁩، سطر {line}: نام ستون «⁦{column}⁩» نام نیست (حرف، رقم و _، بی‌آنکه با رقم آغاز شود؛ حداکثر {limit} نویسه)؛ آیا سطر سرستون جا افتاده است؟</translation>
    </message>
    <message>
        <source>{name}, line {line}: {count} values where the header names {columns} columns</source>
        <translation>‏⁨{name}⁩، سطر {line}: {count} مقدار دارد، در حالی که سرستون {columns} ستون نام می‌برد</translation>
    </message>
    <message>
        <source>{name}: COUNT must be a whole number, got {value}</source>
        <translation>‏{name}: ⁦COUNT⁩ باید عددی صحیح باشد، اما {value} است</translation>
    </message>
    <message>
        <source>{name}: COUNT must be from 2 to {limit}, got {value}</source>
        <translation>‏{name}: ⁦COUNT⁩ باید از 2 تا {limit} باشد، اما {value} است</translation>
    </message>
    <message>
        <source>{name}: LOW and HIGH must be finite</source>
        <translation>‏{name}: ⁦LOW⁩ و ⁦HIGH⁩ باید متناهی باشند</translation>
    </message>
    <message>
        <source>{name}: LOW and HIGH must be numbers, got {value}</source>
        <translation>‏{name}: ⁦LOW⁩ و ⁦HIGH⁩ باید عدد باشند، اما {value} داده شده است</translation>
    </message>
    <message>
        <source>{name}: LOW must be less than HIGH, got {low} and {high}</source>
        <translation>‏{name}: ⁦LOW⁩ باید کمتر از ⁦HIGH⁩ باشد، اما {low} و {high} داده شده است</translation>
    </message>
    <message>
        <source>{name}: log spacing needs LOW &gt; 0, got {low}</source>
        <translation>‏{name}: فاصله‌گذاری لگاریتمی به ⁦LOW &gt; 0⁩ نیاز دارد، اما {low} داده شده است</translation>
    </message>
    <message>
        <source>{name}: the spacing is log or lin, got {value}</source>
        <translation>‏{name}: فاصله‌گذاری ⁦log⁩ یا ⁦lin⁩ است، اما {value} داده شده است</translation>
    </message>
    <message>
        <source>{optimizers} optimizers x {count} learning rates x {steps} steps is too much work (at most {limit} steps in all)</source>
        <translation>ترکیب {optimizers} بهینه‌ساز × {count} نرخ یادگیری × {steps} گام بیش از حد سنگین است (در مجموع حداکثر {limit} گام)</translation>
    </message>
    <message>
        <source>{optimizer} has no learning rate to sweep</source>
        <translation>بهینه‌ساز {optimizer} نرخ یادگیری‌ای برای پیمایش ندارد</translation>
    </message>
    <message>
        <source>{optimizer} has no parameter {name}; it takes {names}</source>
        <translation>‏{optimizer} پارامتری به نام {name} ندارد؛ پارامترهای آن: {names}</translation>
    </message>
    <message>
        <source>{path} has changed since the scene was saved (its sha256 differs); open it again to use its new contents</source>
        <translation>‏{path} پس از ذخیره‌ی صحنه تغییر کرده است (sha256 آن فرق دارد)؛ برای به‌کار بردن محتوای تازه‌اش آن را دوباره باز کنید</translation>
    </message>
    <message>
        <source>{path} is not a regular file</source>
        <translation>‏⁦{path}⁩ یک پرونده معمولی نیست</translation>
    </message>
    <message>
        <source>{shape} needs about {need} of memory (at most {limit}); use fewer steps, start points or runs</source>
        <translation>‏{shape} حدود {need} حافظه لازم دارد (حداکثر {limit})؛ گام، نقطه شروع یا اجرای کمتری به کار ببرید</translation>
    </message>
    <message>
        <source>{shape} would take about {need} to compute (at most {limit}); use fewer steps, start points or runs</source>
        <translation>‏محاسبه {shape} حدود {need} طول می‌کشد (حداکثر {limit})؛ گام، نقطه شروع یا اجرای کمتری به کار ببرید</translation>
    </message>
    <message>
        <source>Δ: rescaled gradient</source>
        <translation>‏Δ: گرادیان بازمقیاس‌شده</translation>
    </message>
    <message>
        <source>β1ₜ: β1 of this step (from the onecycle schedule)</source>
        <translation>‏β1ₜ: مقدار β1 در این گام (از زمان‌بندی onecycle)</translation>
    </message>
    <message>
        <source>μₜ: momentum schedule</source>
        <translation>‏μₜ: زمان‌بندی تکانه</translation>
    </message>
    <message>
        <source>μₜ: the momentum of this step (from the onecycle schedule)</source>
        <translation>‏μₜ: تکانه این گام (از زمان‌بندی onecycle)</translation>
    </message>
    <message>
        <source>μₜ₊₁</source>
        <translation>μₜ₊₁</translation>
    </message>
    <message>
        <source>ψ in μ_t = β1(1 − 0.5·0.96^(tψ))</source>
        <translation>‏ψ در ⁦μ_t = β1(1 − 0.5·0.96^(tψ))⁩</translation>
    </message>
    <message>
        <source>ḡ: running average of g (centered RMSprop)</source>
        <translation>‏ḡ: میانگین جاری g (RMSprop مرکزی‌شده)</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <source>(diverged after step {k})</source>
        <translation>(پس از گام {k} واگرا شد)</translation>
    </message>
    <message>
        <source>Figure.</source>
        <translation>شکل.</translation>
    </message>
    <message>
        <source>Hessian eigenvalues λ</source>
        <translation>مقادیر ویژه هسین λ</translation>
    </message>
    <message>
        <source>Right: the loss and the Hessian&apos;s eigenvalues along each run (λ_min thick, λ_max thin; a negative λ_min means saddle-like curvature).</source>
        <translation>سمت راست: اتلاف و مقادیر ویژه ماتریس هسین در طول هر اجرا (λ_min ضخیم، λ_max نازک؛ λ_min منفی یعنی انحنای زین‌مانند).</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>نقطه شروع</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>نقاط شروع</translation>
    </message>
    <message>
        <source>Update rules</source>
        <translation>قاعده‌های به‌روزرسانی</translation>
    </message>
    <message>
        <source>after {k} of {n} steps</source>
        <translation>پس از {k} گام از {n} گام</translation>
    </message>
    <message>
        <source>degenerate critical point</source>
        <translation>نقطه بحرانی تبهگن</translation>
    </message>
    <message>
        <source>diverged (last finite point)</source>
        <translation>واگرا (آخرین نقطه متناهی)</translation>
    </message>
    <message>
        <source>f undefined here (step {k})</source>
        <translation>تابع ⁦f⁩ در اینجا تعریف نشده است (گام ⁦{k}⁩)</translation>
    </message>
    <message>
        <source>f(x, y)</source>
        <translation>f(x, y)</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>تکرار</translation>
    </message>
    <message>
        <source>log₁₀(1 + f − f_min)</source>
        <translation>log₁₀(1 + f − f_min)</translation>
    </message>
    <message>
        <source>loss f(x, y)</source>
        <translation>اتلاف f(x, y)</translation>
    </message>
    <message>
        <source>maximum</source>
        <translation>بیشینه</translation>
    </message>
    <message>
        <source>minimum</source>
        <translation>کمینه</translation>
    </message>
    <message>
        <source>on</source>
        <translation>روی</translation>
    </message>
    <message>
        <source>saddle point</source>
        <translation>نقطه زینی</translation>
    </message>
    <message>
        <source>sign(λ)·log₁₀(1 + |λ|)</source>
        <translation>sign(λ)·log₁₀(1 + |λ|)</translation>
    </message>
    <message>
        <source>start</source>
        <translation>شروع</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <source>{n} steps</source>
        <translation>‏{n} گام</translation>
    </message>
</context>
<context>
    <name>presets</name>
    <message>
        <source>A single neuron cannot fit XOR</source>
        <translation>یک نورون تنها نمی‌تواند XOR را برازش کند</translation>
    </message>
    <message>
        <source>Adam with and without bias correction</source>
        <translation>‏Adam با تصحیح سوگیری و بدون آن</translation>
    </message>
    <message>
        <source>Adam&apos;s moving averages m and v start at zero, so early on they are biased toward zero. With bias correction (dividing by 1-β1^t and 1-β2^t) the first step moves every coordinate by exactly lr. Without it, v is far more biased than m (β2=0.999), the first steps are about 3x larger and the path overshoots the minimum.</source>
        <translation>میانگین‌های متحرک m و v در Adam از صفر آغاز می‌شوند، پس در گام‌های نخست به سوی صفر سوگیری دارند. با تصحیح سوگیری (تقسیم بر ⁦1-β1^t⁩ و ⁦1-β2^t⁩) نخستین گام هر مختصه را دقیقاً به اندازه lr جابه‌جا می‌کند. بدون آن، سوگیری v بسیار بیشتر از m است (⁦β2=0.999⁩)، گام‌های نخست حدود 3 برابر بزرگ‌ترند و مسیر از کمینه فراتر می‌رود.</translation>
    </message>
    <message>
        <source>An ill-conditioned quadratic (Hessian eigenvalues 0.2 and 4). Gradient descent with a large learning rate bounces across the steep y direction while it crawls along the shallow x direction; momentum averages the bounces away and accelerates along the valley floor.</source>
        <translation>یک تابع درجه دوم بدحالت (مقادیر ویژه هسین 0.2 و 4). گرادیان کاهشی با نرخ یادگیری بزرگ در راستای پرشیب y به این سو و آن سو می‌جهد و در راستای کم‌شیب x به کندی پیش می‌رود؛ تکانه این جهش‌ها را با میانگین‌گیری از میان می‌برد و در کف دره شتاب می‌گیرد.</translation>
    </message>
    <message>
        <source>Both a saddle and a minimum have zero gradient; here the Hessian has one positive and one negative eigenvalue (2 and -2). Gradient descent heads for the saddle point and only slowly drifts away along -y²; the adaptive methods normalise the tiny y gradient and leave quickly.</source>
        <translation>هم نقطه زینی و هم کمینه گرادیان صفر دارند؛ اینجا ماتریس هسین یک مقدار ویژه مثبت و یک مقدار ویژه منفی دارد (⁦2⁩ و ⁦-2⁩). گرادیان کاهشی به سوی نقطه زینی می‌رود و تنها به کندی در راستای ⁦-y²⁩ از آن دور می‌شود؛ روش‌های تطبیقی گرادیان کوچک y را نرمال می‌کنند و به سرعت دور می‌شوند.</translation>
    </message>
    <message>
        <source>Conventions part under a schedule</source>
        <translation>جدا شدن قراردادها زیر یک زمان‌بندی</translation>
    </message>
    <message>
        <source>Himmelblau&apos;s function has four minima with the same value 0, four saddles and one maximum. Which minimum a run reaches depends on where it starts: each start here falls into a different basin.</source>
        <translation>تابع Himmelblau چهار کمینه با مقدار یکسان 0، چهار نقطه زینی و یک بیشینه دارد. اینکه اجرا به کدام کمینه برسد به نقطه شروعش بستگی دارد: هر نقطه شروع در اینجا به حوضه جذب دیگری می‌افتد.</translation>
    </message>
    <message>
        <source>Himmelblau: four minima from four starts</source>
        <translation>تابع Himmelblau: چهار کمینه از چهار نقطه شروع</translation>
    </message>
    <message>
        <source>Linear regression: full-batch GD vs SGD vs minibatch</source>
        <translation>رگرسیون خطی: GD تمام‌داده در برابر SGD و مینی‌بچ</translation>
    </message>
    <message>
        <source>Logistic regression p = sigmoid(w·x + b) on the 60 rows of logistic.csv with binary cross-entropy, started where the model is confidently wrong (w = -2, b = 3). The cross-entropy&apos;s gradient with respect to the logit is p − y, largest exactly where a prediction is confidently wrong, so gradient descent heads straight down to the minimum (2.88, -0.90): its loss is below 0.25 after about 12 steps. Minibatches of 8 rows follow nearly the same way. Compare the preset with squared error from the same start.</source>
        <translation>رگرسیون لجستیک ⁦p = sigmoid(w·x + b)⁩ روی 60 سطر logistic.csv با آنتروپی متقاطع دودویی، از جایی آغاز شده که مدل با اطمینان اشتباه می‌کند (⁦w = -2, b = 3⁩). گرادیان آنتروپی متقاطع نسبت به لوجیت ⁦p − y⁩ است و درست جایی بیشینه است که پیش‌بینی با اطمینان غلط است؛ پس گرادیان کاهشی مستقیم به سوی کمینه‌ی ⁦(2.88, -0.90)⁩ می‌رود: زیانش پس از حدود 12 گام زیر ⁦0.25⁩ است. مینی‌بچ‌های 8 سطری تقریباً همان راه را می‌روند. با پیش‌تنظیم خطای مربعی از همین نقطه‌ی آغاز مقایسه کنید.</translation>
    </message>
    <message>
        <source>Logistic regression with cross-entropy: no plateau</source>
        <translation>رگرسیون لجستیک با آنتروپی متقاطع: بی‌فلات</translation>
    </message>
    <message>
        <source>Logistic regression with squared error: the plateau</source>
        <translation>رگرسیون لجستیک با خطای مربعی: فلات</translation>
    </message>
    <message>
        <source>One sigmoid neuron p = sigmoid(w1·x1 + w2·x2 + b) with squared error on the four rows of XOR, as a function of w1 and w2 (b = 0). A neuron draws one straight boundary and XOR needs two, so no weights fit: the surface&apos;s only critical point is the minimum w1 = w2 = 0, where p = 0.5 on every row and the mean loss is 0.25, far from zero. Every optimizer ends there, and SGD with one row per step keeps jumping around it. Look at the loss plot: it levels off at 0.25, not at 0.</source>
        <translation>یک نورون سیگموید ⁦p = sigmoid(w1·x1 + w2·x2 + b)⁩ با خطای مربعی روی چهار سطر XOR، به صورت تابعی از w1 و w2 (⁦b = 0⁩). یک نورون تنها یک مرز راست می‌کشد و XOR دو مرز لازم دارد، پس هیچ وزنی برازش نمی‌کند: تنها نقطه‌ی بحرانی سطح کمینه‌ی ⁦w1 = w2 = 0⁩ است که در آن روی همه‌ی سطرها ⁦p = 0.5⁩ و میانگین زیان ⁦0.25⁩ است، دور از صفر. همه‌ی بهینه‌سازها همان‌جا می‌رسند و SGD با یک سطر در هر گام پیوسته دور آن می‌جهد. به نمودار زیان نگاه کنید: روی ⁦0.25⁩ هموار می‌شود، نه روی ⁦0⁩.</translation>
    </message>
    <message>
        <source>PyTorch&apos;s momentum (b ← μ·b + g; p ← p − lr·b) and the look-ahead / Sutskever velocity form (v ← μ·v − lr·g; p ← p + v) give the same path while lr is constant, because v = −lr·b. Here the learning rate drops by 5x every 15 steps (StepLR): PyTorch&apos;s buffer is multiplied by the new lr at once, while the velocity still carries the steps taken at the old lr, so the look-ahead forms keep going further after each drop and the paths part. The same happens to the two Nesterov forms.</source>
        <translation>تکانه PyTorch (⁦b ← μ·b + g; p ← p − lr·b⁩) و شکل سرعت نگاه‌به‌جلو یا Sutskever (⁦v ← μ·v − lr·g; p ← p + v⁩) تا وقتی lr ثابت است یک مسیر می‌دهند، زیرا ⁦v = −lr·b⁩. اینجا نرخ یادگیری هر 15 گام 5 برابر کم می‌شود (StepLR): بافر PyTorch بی‌درنگ در lr تازه ضرب می‌شود، ولی سرعت هنوز گام‌هایی را که با lr پیشین برداشته شده‌اند با خود دارد، پس شکل‌های نگاه‌به‌جلو پس از هر کاهش دورتر می‌روند و مسیرها از هم جدا می‌شوند. همین برای دو شکل نستروف هم رخ می‌دهد.</translation>
    </message>
    <message>
        <source>Ravine: gradient descent zig-zag vs momentum</source>
        <translation>دره باریک: زیگزاگ گرادیان کاهشی در برابر تکانه</translation>
    </message>
    <message>
        <source>Ravine: momentum vs Nesterov vs RMSprop</source>
        <translation>دره باریک: تکانه، نستروف و RMSprop</translation>
    </message>
    <message>
        <source>Rosenbrock&apos;s banana valley</source>
        <translation>دره موزی‌شکل Rosenbrock</translation>
    </message>
    <message>
        <source>Saddle escape: gradient descent lingers, Adam and RMSprop escape</source>
        <translation>گریز از نقطه زینی: گرادیان کاهشی درنگ می‌کند، Adam و RMSprop می‌گریزند</translation>
    </message>
    <message>
        <source>Saddle x² - y²: gradient descent vs Adam and RMSprop</source>
        <translation>نقطه زینی ⁦x² - y²⁩: گرادیان کاهشی در برابر Adam و RMSprop</translation>
    </message>
    <message>
        <source>The 2-2-2 network: the (w5, w6) slice</source>
        <translation>شبکه‌ی ⁦2-2-2⁩: برش ⁦(w5, w6)⁩</translation>
    </message>
    <message>
        <source>The homework&apos;s 2-2-2 sigmoid network on its one example, as a function of the hidden-to-output weights w5 and w6, every other weight at its homework value. They move only the first output o1 = sigmoid(w5·h1 + w6·h2 + 0.6) with h1 ≈ 0.593 and h2 ≈ 0.597, so the loss depends on w5·h1 + w6·h2 alone: the contours are parallel straight lines and the bottom is a whole line of minima where o1 = t1 = 0.01 (the critical points found there are degenerate: one Hessian eigenvalue is 0). From the homework&apos;s (0.40, 0.45), gradient descent with lr = 0.5 moves straight across the lines; its first step is the homework&apos;s (w5 becomes 0.3589). Momentum reaches the valley floor far sooner.</source>
        <translation>شبکه‌ی سیگموید ⁦2-2-2⁩ تمرین روی تنها نمونه‌اش، به صورت تابعی از وزن‌های لایه‌ی پنهان به خروجی w5 و w6، با همه‌ی وزن‌های دیگر در مقدار تمرین. این دو فقط خروجی نخست ⁦o1 = sigmoid(w5·h1 + w6·h2 + 0.6)⁩ را جابه‌جا می‌کنند، با ⁦h1 ≈ 0.593⁩ و ⁦h2 ≈ 0.597⁩؛ پس زیان تنها به ⁦w5·h1 + w6·h2⁩ بستگی دارد: خطوط تراز راست‌های موازی‌اند و کف، خطی کامل از کمینه‌هاست که در آن ⁦o1 = t1 = 0.01⁩ (نقطه‌های بحرانی یافته‌شده در آن‌جا تبهگن‌اند: یک مقدار ویژه‌ی هسین ⁦0⁩ است). از نقطه‌ی تمرین ⁦(0.40, 0.45)⁩، گرادیان کاهشی با ⁦lr = 0.5⁩ مستقیم از عرض خطوط می‌گذرد؛ گام نخستش همان گام تمرین است (⁦w5⁩ می‌شود ⁦0.3589⁩). تکانه خیلی زودتر به کف دره می‌رسد.</translation>
    </message>
    <message>
        <source>The mean squared error of y ≈ w·x + b over the 50 rows of linear_regression.csv is a quadratic bowl in (w, b) whose one minimum is the least-squares solution (1.511, 0.427). From one start with one learning rate: full-batch gradient descent (batch=0) takes the gradient of the loss on all rows; SGD (batch=1) takes one row&apos;s gradient per step and keeps wandering around the minimum without settling; minibatches of 8 rows average most of that noise away. Watch the loss plot: the SGD run&apos;s full-data loss jumps up and down while gradient descent&apos;s falls smoothly. An epoch is 50 steps with batch 1 and 7 steps with batch 8.</source>
        <translation>میانگین خطای مربعی ⁦y ≈ w·x + b⁩ روی 50 سطر linear_regression.csv کاسه‌ای درجه‌دو در ⁦(w, b)⁩ است که تنها کمینه‌اش جواب کمترین مربعات ⁦(1.511, 0.427)⁩ است. از یک نقطه‌ی آغاز با یک نرخ یادگیری: گرادیان کاهشی تمام‌داده (⁦batch=0⁩) گرادیان زیان روی همه‌ی سطرها را می‌گیرد؛ SGD (⁦batch=1⁩) در هر گام گرادیان یک سطر را می‌گیرد و بی‌آنکه آرام گیرد دور کمینه سرگردان می‌ماند؛ مینی‌بچ‌های 8 سطری بیشتر این نوفه را میانگین می‌گیرند و می‌زدایند. به نمودار زیان نگاه کنید: زیان تمام‌داده‌ی SGD بالا و پایین می‌پرد و زیان گرادیان کاهشی هموار پایین می‌آید. هر دوره با دسته‌ی 1 برابر 50 گام و با دسته‌ی 8 برابر 7 گام است.</translation>
    </message>
    <message>
        <source>The minimum at (1, 1) lies at the end of a long, curved, flat-bottomed valley. Every method finds the valley quickly; the race is along its floor, where the gradient is small: plain gradient descent is slowest, momentum and the adaptive methods move on.</source>
        <translation>کمینه در ⁦(1, 1)⁩ در انتهای دره‌ای دراز، خمیده و کف‌تخت است. همه روش‌ها دره را زود پیدا می‌کنند؛ مسابقه در کف دره است، جایی که گرادیان کوچک است: گرادیان کاهشی ساده کندترین است و تکانه و روش‌های تطبیقی پیش می‌روند.</translation>
    </message>
    <message>
        <source>The same model, data and start as the cross-entropy preset, with squared error (p − y)² after the sigmoid. Its gradient with respect to the logit is 2(p − y)·p·(1 − p), which vanishes where the sigmoid saturates: on a confidently wrong row it is tiny (0.0073 against cross-entropy&apos;s 0.9963 at o = 5.6, y = 0). Gradient descent creeps across a plateau for dozens of steps before it finds the slope down to the minimum (2.68, -0.66). Watch the loss plot&apos;s long flat start and the widely spaced contours around the start.</source>
        <translation>همان مدل، داده و نقطه‌ی آغازِ پیش‌تنظیم آنتروپی متقاطع، با خطای مربعی ⁦(p − y)²⁩ پس از سیگموید. گرادیان آن نسبت به لوجیت ⁦2(p − y)·p·(1 − p)⁩ است که جایی که سیگموید اشباع می‌شود از میان می‌رود: روی سطری که با اطمینان غلط است بسیار کوچک است (⁦0.0073⁩ در برابر ⁦0.9963⁩ آنتروپی متقاطع در ⁦o = 5.6, y = 0⁩). گرادیان کاهشی ده‌ها گام روی فلاتی می‌خزد تا شیب رو به کمینه‌ی ⁦(2.68, -0.66)⁩ را بیابد. به آغاز طولانی و هموار نمودار زیان و خطوط تراز پراکنده‌ی پیرامون نقطه‌ی آغاز نگاه کنید.</translation>
    </message>
    <message>
        <source>Which path goes almost straight, which overshoots? RMSprop divides each coordinate by the running RMS of its gradient, so it heads nearly straight for the minimum; momentum overshoots and keeps going a few steps after the gradient has turned; Nesterov looks ahead and overshoots and zig-zags less.</source>
        <translation>کدام مسیر تقریباً مستقیم می‌رود و کدام از هدف فراتر می‌رود؟ RMSprop هر مختصه را بر RMS جاری گرادیان آن تقسیم می‌کند، پس تقریباً مستقیم به سوی کمینه می‌رود؛ تکانه از کمینه فراتر می‌رود و تا چند گام پس از برگشتن گرادیان به راه خود ادامه می‌دهد؛ نستروف به جلو نگاه می‌کند و کمتر فراتر می‌رود و کمتر زیگزاگ می‌زند.</translation>
    </message>
    <message>
        <source>x**2 + 0.25*y**4 - 0.5*y**2 has a saddle at the origin (Hessian eigenvalues -1 and 2) and minima at (0, 1) and (0, -1). Starting almost on the ridge, gradient descent slides to the saddle and lingers there because the gradient in y is tiny; RMSprop and Adam rescale that tiny gradient and escape at once. Watch the eigenvalue plot: one eigenvalue is negative while a run sits near the saddle.</source>
        <translation>تابع ⁦x**2 + 0.25*y**4 - 0.5*y**2⁩ یک نقطه زینی در مبدأ (مقادیر ویژه هسین ⁦-1⁩ و ⁦2⁩) و دو کمینه در ⁦(0, 1)⁩ و ⁦(0, -1)⁩ دارد. گرادیان کاهشی که تقریباً روی خط‌الراس آغاز می‌کند به سوی نقطه زینی می‌لغزد و آنجا درنگ می‌کند، چون گرادیان در راستای y بسیار کوچک است؛ RMSprop و Adam این گرادیان کوچک را بازمقیاس می‌کنند و بی‌درنگ می‌گریزند. نمودار مقادیر ویژه را ببینید: تا وقتی اجرا نزدیک نقطه زینی است یک مقدار ویژه منفی است.</translation>
    </message>
</context>
</TS>
