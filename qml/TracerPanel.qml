import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The request tracer: a request in, where it goes out (listener, the rules considered in
// precedence order with why each lost, the backends), highlighted on the canvas; Send sends it
// through the running gateway and shows the response with the echo backend's view of it.
ScrollView {
    id: root

    required property RequestTracer tracer
    required property LiveGateway live

    contentWidth: availableWidth
    clip: true

    ColumnLayout {
        width: root.availableWidth
        spacing: 6

        GridLayout {
            Layout.fillWidth: true
            Layout.margins: 10
            columns: 2
            columnSpacing: 8
            Label { text: qsTr("Method") }
            ComboBox {
                objectName: "traceMethod"
                Layout.fillWidth: true
                model: ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
                onActivated: root.tracer.method = currentText
            }
            Label { text: qsTr("Host") }
            TextField {
                objectName: "traceHost"
                Layout.fillWidth: true
                text: root.tracer.host
                onTextEdited: root.tracer.host = text
            }
            Label { text: qsTr("Path") }
            TextField {
                objectName: "tracePath"
                Layout.fillWidth: true
                text: root.tracer.path
                onTextEdited: root.tracer.path = text
                onAccepted: root.tracer.trace()
            }
            Label { text: qsTr("Port") }
            SpinBox {
                objectName: "tracePort"
                from: 1
                to: 65535
                editable: true
                value: root.tracer.port
                onValueModified: root.tracer.port = value
            }
            Label { text: qsTr("Headers"); Layout.alignment: Qt.AlignTop }
            TextArea {
                objectName: "traceHeaders"
                Layout.fillWidth: true
                placeholderText: qsTr("Name: value, one per line")
                text: root.tracer.headers
                onTextChanged: if (text !== root.tracer.headers) root.tracer.headers = text
            }
        }
        RowLayout {
            Layout.leftMargin: 10
            Button { objectName: "traceButton"; text: qsTr("Trace"); highlighted: true; onClicked: root.tracer.trace() }
            Button {
                objectName: "sendButton"
                text: root.tracer.sending ? qsTr("Sending…") : qsTr("Send")
                enabled: root.live.running && !root.tracer.sending
                onClicked: root.tracer.send()
                ToolTip.visible: hovered
                ToolTip.text: root.live.running ? qsTr("Send it through the local gateway")
                                                : qsTr("Start the gateway (Run) to send it for real")
            }
            Button { text: qsTr("Clear"); flat: true; onClicked: root.tracer.clear() }
        }
        Text {
            objectName: "traceVerdict"
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            text: root.tracer.result.verdict || ""
            wrapMode: Text.Wrap
            font.bold: true
            color: Theme.text
            font.pixelSize: Theme.fontSize
        }
        Repeater {
            model: root.tracer.result.candidates || []
            delegate: Text {
                required property var modelData
                Layout.fillWidth: true
                Layout.leftMargin: 10
                Layout.rightMargin: 10
                text: (modelData.wins ? "✔ " : "✖ ") + modelData.route.split("/").slice(1).join("/")
                      + qsTr(" rule %1: ").arg(modelData.rule) + modelData.reason
                wrapMode: Text.Wrap
                color: modelData.wins ? Theme.ok : Theme.textMuted
                font.pixelSize: Theme.smallFontSize + 1
            }
        }
        Repeater {
            model: root.tracer.result.backends || []
            delegate: Text {
                required property var modelData
                Layout.leftMargin: 10
                text: "→ " + modelData.service + qsTr("  weight %1 (%2%)").arg(modelData.weight).arg(Math.round(modelData.share * 100))
                color: Theme.text
                font.pixelSize: Theme.smallFontSize + 1
            }
        }
        Text {
            objectName: "traceResponseStatus"
            visible: root.tracer.response.status !== undefined || root.tracer.response.error !== undefined
            Layout.leftMargin: 10
            text: root.tracer.response.error !== undefined ? "✖ " + root.tracer.response.error
                                                           : qsTr("HTTP %1").arg(root.tracer.response.status)
            font.bold: true
            color: root.tracer.response.status >= 200 && root.tracer.response.status < 400 ? Theme.ok : Theme.error
            font.pixelSize: Theme.fontSize
        }
        TextArea {
            objectName: "traceResponse"
            visible: root.tracer.response.body !== undefined
            Layout.fillWidth: true
            Layout.margins: 10
            readOnly: true
            wrapMode: TextEdit.Wrap
            font.family: Theme.monoFont
            font.pixelSize: Theme.smallFontSize
            text: (root.tracer.response.headers || "") + "\n\n" + (root.tracer.response.body || "")
        }
    }
}
