import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The traffic generator: what to send (HTTP, HTTPS with SNI, gRPC), how fast, how many at once,
// for how long; live results; settings saved as profiles in the workspace. Its requests show on
// the graph like any other traffic.
ScrollView {
    id: root

    required property TrafficGenerator generator
    required property LiveGateway live
    required property Document document

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
            Label { text: qsTr("Protocol") }
            ComboBox {
                objectName: "generatorScheme"
                Layout.fillWidth: true
                model: ["http", "https", "grpc", "grpcs"]
                currentIndex: Math.max(0, model.indexOf(root.generator.scheme))
                onActivated: root.generator.scheme = currentText
            }
            Label { text: qsTr("Method") }
            TextField { Layout.fillWidth: true; text: root.generator.method; onTextEdited: root.generator.method = text }
            Label { text: qsTr("Host") }
            TextField {
                objectName: "generatorHost"
                Layout.fillWidth: true
                text: root.generator.host
                placeholderText: qsTr("a route's hostname")
                onTextEdited: root.generator.host = text
            }
            Label { text: qsTr("Path") }
            TextField { Layout.fillWidth: true; text: root.generator.path; onTextEdited: root.generator.path = text }
            Label { text: qsTr("SNI") }
            TextField {
                Layout.fillWidth: true
                text: root.generator.sni
                placeholderText: qsTr("the host (HTTPS, gRPC over TLS)")
                onTextEdited: root.generator.sni = text
            }
            Label { text: qsTr("Headers"); Layout.alignment: Qt.AlignTop }
            TextArea {
                Layout.fillWidth: true
                background: Rectangle { color: Theme.panelAlt; radius: 4; border.color: Theme.border }
                placeholderText: qsTr("Name: value, one per line")
                text: root.generator.headers
                onTextChanged: if (text !== root.generator.headers) root.generator.headers = text
            }
            Label { text: qsTr("Rate /s") }
            SpinBox {
                objectName: "generatorRate"
                from: 1
                to: 20000
                editable: true
                value: root.generator.rate
                onValueModified: root.generator.rate = value
            }
            Label { text: qsTr("Concurrency") }
            SpinBox { from: 1; to: 256; editable: true; value: root.generator.concurrency; onValueModified: root.generator.concurrency = value }
            Label { text: qsTr("Seconds") }
            SpinBox {
                from: 0
                to: 86400
                editable: true
                value: root.generator.durationSeconds
                onValueModified: root.generator.durationSeconds = value
                ToolTip.visible: hovered
                ToolTip.text: qsTr("0: until stopped")
            }
            Label { text: qsTr("Port") }
            SpinBox {
                from: 0
                to: 65535
                editable: true
                value: root.generator.port
                onValueModified: root.generator.port = value
                ToolTip.visible: hovered
                ToolTip.text: qsTr("0: the gateway's first listener of this protocol")
            }
        }
        Flow {
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            spacing: 6
            Button {
                objectName: "generatorStart"
                text: root.generator.running ? qsTr("Stop") : qsTr("Start")
                highlighted: !root.generator.running
                onClicked: root.generator.running ? root.generator.stop() : root.generator.start()
            }
            ComboBox {
                id: profiles
                width: 120
                model: Object.keys(root.document.local.trafficProfiles())
                displayText: qsTr("Profiles")
                onActivated: root.generator.applySettings(root.document.local.trafficProfiles()[currentText])
                Connections {
                    target: root.document.local
                    function onTrafficProfilesChanged() { profiles.model = Object.keys(root.document.local.trafficProfiles()) }
                }
            }
            TextField { id: profileName; width: 110; placeholderText: qsTr("profile name") }
            Button {
                text: qsTr("Save")
                enabled: profileName.text.trim() !== ""
                onClicked: root.document.local.saveTrafficProfile(profileName.text, root.generator.settings())
            }
        }
        Text {
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize + 1
            text: root.generator.message
        }
        Text {
            objectName: "generatorResults"
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            wrapMode: Text.Wrap
            color: Theme.text
            font.pixelSize: Theme.fontSize
            readonly property var r: root.generator.results
            text: r.sent === undefined ? ""
                  : qsTr("%1 sent, %2 answered (%3/s), p50 %4 ms, p99 %5 ms\n%6 %7\n%8")
                    .arg(r.sent).arg(r.completed).arg(r.rate.toFixed(1)).arg(r.p50.toFixed(1)).arg(r.p99.toFixed(1))
                    .arg(r.statuses).arg(r.grpcStatuses).arg(r.failures !== "" ? qsTr("failures: ") + r.failures : "")
        }
    }
}
