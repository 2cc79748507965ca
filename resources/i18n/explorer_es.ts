<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Deployment · {0} · {1} replicas</source>
        <translation>Deployment · {0} · {1} réplicas</translation>
    </message>
    <message>
        <source>Deployment · {0} · {1}/{2} ready</source>
        <translation>Deployment · {0} · {1}/{2} listos</translation>
    </message>
    <message>
        <source>ClusterIP assigned at run time</source>
        <translation>ClusterIP asignada al simular</translation>
    </message>
    <message>
        <source>(no selector)</source>
        <translation>(sin selector)</translation>
    </message>
    <message>
        <source>selector: {0}</source>
        <translation>selector: {0}</translation>
    </message>
    <message>
        <source>default backend → {0}</source>
        <translation>backend por defecto → {0}</translation>
    </message>
    <message>
        <source>Ingress · class {0}</source>
        <translation>Ingress · clase {0}</translation>
    </message>
    <message>
        <source>Ingress · the default class</source>
        <translation>Ingress · la clase por defecto</translation>
    </message>
    <message>
        <source>(no rules)</source>
        <translation>(sin reglas)</translation>
    </message>
    <message>
        <source>all pods</source>
        <translation>todos los pods</translation>
    </message>
    <message>
        <source>NetworkPolicy · {0}</source>
        <translation>NetworkPolicy · {0}</translation>
    </message>
    <message>
        <source>applies to: {0}</source>
        <translation>se aplica a: {0}</translation>
    </message>
    <message>
        <source>Drag onto a Deployment or Pod to make this Service select it</source>
        <translation>Arrástralo sobre un Deployment o un Pod para que este Service lo seleccione</translation>
    </message>
    <message>
        <source>Drag onto a Service to add an Ingress rule that routes to it</source>
        <translation>Arrástralo sobre un Service para añadir una regla de Ingress que enrute hacia él</translation>
    </message>
    <message>
        <source>phase: {0}</source>
        <translation>fase: {0}</translation>
    </message>
    <message>
        <source>not ready: its Ready condition is not True, so Services send it no traffic</source>
        <translation>no está listo: su condición Ready no es True, así que los Services no le envían tráfico</translation>
    </message>
    <message>
        <source>node: {0}</source>
        <translation>nodo: {0}</translation>
    </message>
    <message>
        <source>not ready · {0}</source>
        <translation>no listo · {0}</translation>
    </message>
    <message>
        <source>{0} req · {1} drop</source>
        <translation>{0} pet. · {1} perdidas</translation>
    </message>
    <message>
        <source>control-plane node</source>
        <translation>nodo del plano de control</translation>
    </message>
    <message>
        <source>worker node</source>
        <translation>nodo worker</translation>
    </message>
    <message>
        <source>allocatable: {0}m CPU, {1} MiB, {2} pods</source>
        <translation>asignable: {0}m CPU, {1} MiB, {2} pods</translation>
    </message>
    <message>
        <source>taints: {0}</source>
        <translation>taints: {0}</translation>
    </message>
    <message>
        <source>NotReady</source>
        <translation>NotReady</translation>
    </message>
    <message>
        <source>Ready, SchedulingDisabled</source>
        <translation>Ready, SchedulingDisabled</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>control plane</source>
        <translation>plano de control</translation>
    </message>
    <message>
        <source>worker</source>
        <translation>worker</translation>
    </message>
    <message>
        <source>no pods yet
drop a Pod here to pin it</source>
        <translation>aún no hay pods
suelta aquí un Pod para fijarlo</translation>
    </message>
    <message>
        <source>etcd quorum OK: {0}/{1} members healthy</source>
        <translation>quórum de etcd OK: {0}/{1} miembros sanos</translation>
    </message>
    <message>
        <source>etcd quorum LOST: {0}/{1} members healthy</source>
        <translation>quórum de etcd PERDIDO: {0}/{1} miembros sanos</translation>
    </message>
    <message>
        <source>External client: requests from the internet enter through LoadBalancer and NodePort Services, usually via an Ingress controller</source>
        <translation>Cliente externo: las peticiones desde internet entran por Services LoadBalancer y NodePort, normalmente a través de un controlador de Ingress</translation>
    </message>
    <message>
        <source>Internet</source>
        <translation>Internet</translation>
    </message>
    <message>
        <source>The cluster network: every pod gets an IP from its node&apos;s slice of the pod CIDR and can reach every other pod directly, across nodes, without NAT</source>
        <translation>La red del clúster: cada pod recibe una IP del tramo del CIDR de pods de su nodo y puede llegar directamente a cualquier otro pod, entre nodos y sin NAT</translation>
    </message>
    <message>
        <source>cluster network · pods {0} · services {1}</source>
        <translation>red del clúster · pods {0} · services {1}</translation>
    </message>
    <message>
        <source>Pin pod</source>
        <translation>Fijar pod</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Mover</translation>
    </message>
    <message>
        <source>Move {0} items</source>
        <translation>Mover {0} elementos</translation>
    </message>
    <message>
        <source>Pin pod to node</source>
        <translation>Fijar pod al nodo</translation>
    </message>
    <message>
        <source>Service {0} selects no pods</source>
        <translation>El Service {0} no selecciona ningún pod</translation>
    </message>
    <message>
        <source>Ingress {0} routes to Service {1}, which does not exist</source>
        <translation>El Ingress {0} enruta al Service {1}, que no existe</translation>
    </message>
    <message>
        <source>Ingress {0}: IngressClass {1} does not exist</source>
        <translation>Ingress {0}: la IngressClass {1} no existe</translation>
    </message>
    <message>
        <source>2 control-plane members: losing one loses etcd quorum</source>
        <translation>2 miembros en el plano de control: si se pierde uno, se pierde el quórum de etcd</translation>
    </message>
    <message>
        <source>{0} control-plane members: an even number tolerates no more failures than {1}</source>
        <translation>{0} miembros en el plano de control: un número par no tolera más fallos que {1}</translation>
    </message>
    <message>
        <source>1 control-plane member: the cluster&apos;s API goes down with it</source>
        <translation>1 miembro en el plano de control: la API del clúster cae con él</translation>
    </message>
    <message>
        <source>No control-plane node: nothing runs the API server or the scheduler</source>
        <translation>No hay nodo del plano de control: nada ejecuta el API server ni el scheduler</translation>
    </message>
    <message>
        <source>No nodes: the pods have nowhere to run; add a Control plane and Worker nodes from the palette</source>
        <translation>No hay nodos: los pods no tienen dónde ejecutarse; añade un Plano de control y Nodos worker desde la paleta</translation>
    </message>
    <message>
        <source>No worker nodes: ordinary pods cannot be scheduled (control-plane nodes are tainted NoSchedule)</source>
        <translation>No hay nodos worker: los pods normales no se pueden planificar (los nodos del plano de control tienen el taint NoSchedule)</translation>
    </message>
    <message>
        <source>Pod {0} is pinned to node {1}, which does not exist</source>
        <translation>El Pod {0} está fijado al nodo {1}, que no existe</translation>
    </message>
</context>
<context>
    <name>BackgroundProgress</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop; the file on disk stays as it was</source>
        <translation>Detener; el archivo en disco queda como estaba</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
</context>
<context>
    <name>EditActions</name>
    <message>
        <source>Add {0}</source>
        <translation>Añadir {0}</translation>
    </message>
    <message>
        <source>Pod {0} pinned to node {1} (spec.nodeName).</source>
        <translation>Pod {0} fijado al nodo {1} (spec.nodeName).</translation>
    </message>
    <message>
        <source>{0} has no labels to select.</source>
        <translation>{0} no tiene etiquetas que seleccionar.</translation>
    </message>
    <message>
        <source>A Service only selects pods in its own namespace ({0}).</source>
        <translation>Un Service solo selecciona pods de su propio namespace ({0}).</translation>
    </message>
    <message>
        <source>Service {0} selects {1}</source>
        <translation>El Service {0} selecciona {1}</translation>
    </message>
    <message>
        <source>An Ingress only routes to Services in its own namespace ({0}).</source>
        <translation>Un Ingress solo enruta a Services de su propio namespace ({0}).</translation>
    </message>
    <message>
        <source>Route /{0} to {0}</source>
        <translation>Enrutar /{0} a {0}</translation>
    </message>
    <message>
        <source>Connect a Service to a Deployment or Pod, or an Ingress to a Service.</source>
        <translation>Conecta un Service a un Deployment o a un Pod, o un Ingress a un Service.</translation>
    </message>
    <message>
        <source>Delete {0} objects</source>
        <translation>Eliminar {0} objetos</translation>
    </message>
    <message>
        <source>Delete {0}</source>
        <translation>Eliminar {0}</translation>
    </message>
    <message>
        <source>Copied {0} objects.</source>
        <translation>{0} objetos copiados.</translation>
    </message>
    <message>
        <source>Paste {0} objects</source>
        <translation>Pegar {0} objetos</translation>
    </message>
    <message>
        <source>Rename {0} to {1}</source>
        <translation>Renombrar {0} a {1}</translation>
    </message>
    <message>
        <source>Auto-layout</source>
        <translation>Organización automática</translation>
    </message>
    <message>
        <source>Pod {0}</source>
        <translation>Pod {0}</translation>
    </message>
    <message>
        <source>Node {0}</source>
        <translation>Nodo {0}</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>Fallos</translation>
    </message>
    <message>
        <source>Stop node {0}</source>
        <translation>Detener el nodo {0}</translation>
    </message>
    <message>
        <source>Start node {0}</source>
        <translation>Arrancar el nodo {0}</translation>
    </message>
    <message>
        <source>Stop kubelet</source>
        <translation>Detener el kubelet</translation>
    </message>
    <message>
        <source>Start kubelet</source>
        <translation>Arrancar el kubelet</translation>
    </message>
    <message>
        <source>Cordon</source>
        <translation>Acordonar (cordon)</translation>
    </message>
    <message>
        <source>Uncordon</source>
        <translation>Desacordonar (uncordon)</translation>
    </message>
    <message>
        <source>Drain</source>
        <translation>Drenar (drain)</translation>
    </message>
    <message>
        <source>Stop control-plane member</source>
        <translation>Detener el miembro del plano de control</translation>
    </message>
    <message>
        <source>Start control-plane member</source>
        <translation>Arrancar el miembro del plano de control</translation>
    </message>
    <message>
        <source>Stop etcd member</source>
        <translation>Detener el miembro de etcd</translation>
    </message>
    <message>
        <source>Start etcd member</source>
        <translation>Arrancar el miembro de etcd</translation>
    </message>
    <message>
        <source>Kill pod {0}</source>
        <translation>Matar el pod {0}</translation>
    </message>
    <message>
        <source>Explain scheduling</source>
        <translation>Explicar la planificación</translation>
    </message>
    <message>
        <source>Scale…</source>
        <translation>Escalar…</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <source>{0} {1}: now run the simulation to see what Kubernetes does.</source>
        <translation>{0} {1}: ahora ejecuta la simulación para ver qué hace Kubernetes.</translation>
    </message>
    <message>
        <source>Scale {0}</source>
        <translation>Escalar {0}</translation>
    </message>
    <message>
        <source>Replicas:</source>
        <translation>Réplicas:</translation>
    </message>
    <message>
        <source>Scale {0} to {1}</source>
        <translation>Escalar {0} a {1}</translation>
    </message>
</context>
<context>
    <name>EventLogPanel</name>
    <message>
        <source>All kinds</source>
        <translation>Todos los tipos</translation>
    </message>
    <message>
        <source>Filter by object or reason…</source>
        <translation>Filtrar por objeto o motivo…</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Tipo:</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tiempo</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objeto</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>Open topology</source>
        <translation>Abrir topología</translation>
    </message>
    <message>
        <source>Loading files is not available in this build.</source>
        <translation>La carga de archivos no está disponible en esta versión.</translation>
    </message>
    <message>
        <source>
… and {0} more</source>
        <translation>
… y {0} más</translation>
    </message>
    <message>
        <source>Cannot open {0}</source>
        <translation>No se puede abrir {0}</translation>
    </message>
    <message>
        <source>The file has errors; your current work is unchanged.</source>
        <translation>El archivo tiene errores; tu trabajo actual no ha cambiado.</translation>
    </message>
    <message>
        <source>Cannot open file</source>
        <translation>No se puede abrir el archivo</translation>
    </message>
    <message>
        <source>Loading {0}…</source>
        <translation>Cargando {0}…</translation>
    </message>
    <message>
        <source>Loading cancelled; nothing changed.</source>
        <translation>Carga cancelada; no ha cambiado nada.</translation>
    </message>
    <message>
        <source>Import manifests</source>
        <translation>Importar manifiestos</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>No se puede importar</translation>
    </message>
    <message>
        <source>Nothing new to import.</source>
        <translation>No hay nada nuevo que importar.</translation>
    </message>
    <message>
        <source>Import {0}</source>
        <translation>Importar {0}</translation>
    </message>
    <message>
        <source>Imported {0} objects ({1} already present).</source>
        <translation>Se importaron {0} objetos ({1} ya estaban).</translation>
    </message>
    <message>
        <source>Save topology</source>
        <translation>Guardar topología</translation>
    </message>
    <message>
        <source>Still busy (a save, a trace or a console command): save again when it is done.</source>
        <translation>Todavía ocupado (un guardado, una traza o una orden de consola): guarde de nuevo cuando termine.</translation>
    </message>
    <message>
        <source>Save cancelled: {0} is as it was.</source>
        <translation>Guardado cancelado: {0} queda como estaba.</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>No se puede guardar</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>Guardado: {0}</translation>
    </message>
    <message>
        <source>Saving {0}…</source>
        <translation>Guardando {0}…</translation>
    </message>
    <message>
        <source>Autosaving…</source>
        <translation>Guardando automáticamente…</translation>
    </message>
    <message>
        <source>Export manifests</source>
        <translation>Exportar manifiestos</translation>
    </message>
    <message>
        <source>YAML (*.yaml *.yml)</source>
        <translation>YAML (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Still busy (a save, a trace or a console command): export again when it is done.</source>
        <translation>Todavía ocupado (un guardado, una traza o una orden de consola): exporte de nuevo cuando termine.</translation>
    </message>
    <message>
        <source>Exporting {0}…</source>
        <translation>Exportando {0}…</translation>
    </message>
    <message>
        <source>Export cancelled: {0} is as it was.</source>
        <translation>Exportación cancelada: {0} queda como estaba.</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>No se puede exportar</translation>
    </message>
    <message>
        <source>Exported manifests to {0} — ready for kubectl apply -f</source>
        <translation>Manifiestos exportados a {0}: listos para kubectl apply -f</translation>
    </message>
    <message>
        <source>Export image</source>
        <translation>Exportar imagen</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>Imagen PNG (*.png);;Dibujo SVG (*.svg)</translation>
    </message>
    <message>
        <source>Cannot export image</source>
        <translation>No se puede exportar la imagen</translation>
    </message>
    <message>
        <source>Saved image {0}</source>
        <translation>Imagen guardada: {0}</translation>
    </message>
    <message>
        <source>Autosave cancelled; the next one is in {0} s.</source>
        <translation>Guardado automático cancelado; el siguiente será dentro de {0} s.</translation>
    </message>
    <message>
        <source>Autosave failed: {0}</source>
        <translation>Falló el guardado automático: {0}</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>¿Recuperar el trabajo sin guardar?</translation>
    </message>
    <message>
        <source>The explorer did not close cleanly last time. Recover the unsaved design from {0}?</source>
        <translation>El explorador no se cerró correctamente la última vez. ¿Recuperar el diseño sin guardar desde {0}?</translation>
    </message>
    <message>
        <source>Recovery failed</source>
        <translation>La recuperación falló</translation>
    </message>
    <message>
        <source>The recovery file is damaged.</source>
        <translation>El archivo de recuperación está dañado.</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Control plane</source>
        <translation>Plano de control</translation>
    </message>
    <message>
        <source>The control plane is the brain of the cluster: the API server, etcd, the scheduler and the controller manager. It stores the desired state and keeps working until the real state matches it. With kubeadm it runs as static pods on control-plane nodes, which carry a NoSchedule taint so ordinary workloads go to the worker nodes.</source>
        <translation>El plano de control es el cerebro del clúster: el API server, etcd, el scheduler y el controller manager. Guarda el estado deseado y trabaja sin descanso hasta que el estado real coincide con él. Con kubeadm se ejecuta como pods estáticos en los nodos del plano de control, que llevan un taint NoSchedule para que las cargas de trabajo normales vayan a los nodos worker.</translation>
    </message>
    <message>
        <source>API server</source>
        <translation>API server</translation>
    </message>
    <message>
        <source>kube-apiserver is the front door of the cluster: kubectl, the scheduler, the controllers and every kubelet read and write objects only through its REST API. It validates each request and is the only component that talks to etcd. If no API server is reachable, nothing can be changed, but pods that are already running keep running.</source>
        <translation>kube-apiserver es la puerta de entrada del clúster: kubectl, el scheduler, los controladores y cada kubelet leen y escriben objetos solo a través de su API REST. Valida cada petición y es el único componente que habla con etcd. Si no se puede alcanzar ningún API server, no se puede cambiar nada, pero los pods que ya están en ejecución siguen funcionando.</translation>
    </message>
    <message>
        <source>Controller manager</source>
        <translation>Controller manager</translation>
    </message>
    <message>
        <source>kube-controller-manager runs the control loops that turn desired state into real state: the Deployment controller creates ReplicaSets, the ReplicaSet controller creates and deletes pods, the node controller notices silent nodes and evicts their pods, and the EndpointSlice controller keeps Service endpoints up to date. With several control-plane members only one instance, the elected leader, is active.</source>
        <translation>kube-controller-manager ejecuta los bucles de control que convierten el estado deseado en estado real: el controlador de Deployments crea ReplicaSets, el controlador de ReplicaSets crea y elimina pods, el controlador de nodos detecta los nodos que dejan de informar y desaloja sus pods, y el controlador de EndpointSlices mantiene al día los endpoints de los Services. Con varios miembros en el plano de control solo está activa una instancia, el líder elegido.</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>Scheduler</translation>
    </message>
    <message>
        <source>kube-scheduler chooses a node for every pod that has none. First it filters out nodes that cannot run the pod (not enough CPU or memory, a taint the pod does not tolerate, a node selector that does not match), then it scores the rest and binds the pod to the best one. When no node fits, the pod stays Pending with a FailedScheduling event that says why.</source>
        <translation>kube-scheduler elige un nodo para cada pod que aún no tiene uno. Primero descarta los nodos que no pueden ejecutar el pod (falta de CPU o memoria, un taint que el pod no tolera, un selector de nodo que no coincide), después puntúa los demás y asigna el pod al mejor. Si ningún nodo sirve, el pod se queda en Pending con un evento FailedScheduling que explica el motivo.</translation>
    </message>
    <message>
        <source>etcd</source>
        <translation>etcd</translation>
    </message>
    <message>
        <source>etcd is the consistent key-value store that holds every object of the cluster; only the API server talks to it. Its members replicate each write with the Raft protocol, and a write succeeds only when a majority (a quorum) of members agrees. Losing etcd&apos;s data means losing the cluster&apos;s state.</source>
        <translation>etcd es el almacén clave-valor consistente que guarda todos los objetos del clúster; solo el API server habla con él. Sus miembros replican cada escritura con el protocolo Raft, y una escritura solo tiene éxito cuando una mayoría (un quórum) de miembros está de acuerdo. Perder los datos de etcd significa perder el estado del clúster.</translation>
    </message>
    <message>
        <source>etcd snapshots</source>
        <translation>Snapshots de etcd</translation>
    </message>
    <message>
        <source>A snapshot is a point-in-time copy of etcd&apos;s whole database (etcdctl snapshot save). It is the backup of the cluster: restoring it brings back every object as it was at that moment, and anything created later is gone. In the explorer a snapshot saves the whole simulated state so you can return to it.</source>
        <translation>Un snapshot es una copia de toda la base de datos de etcd en un instante dado (etcdctl snapshot save). Es la copia de seguridad del clúster: al restaurarlo, cada objeto vuelve a estar como en ese momento y todo lo creado después desaparece. En el explorador, un snapshot guarda todo el estado simulado para que puedas volver a él.</translation>
    </message>
    <message>
        <source>High availability and quorum</source>
        <translation>Alta disponibilidad y quórum</translation>
    </message>
    <message>
        <source>A highly available control plane runs several members, usually 3 or 5. etcd needs a quorum of floor(n/2)+1 members, so 3 members survive the loss of 1 and 5 survive the loss of 2, while 2 members survive none. Without quorum nothing can be written: no scheduling and no reconciliation, although running pods keep running. The scheduler and controller manager each elect one active leader among the members.</source>
        <translation>Un plano de control de alta disponibilidad tiene varios miembros, normalmente 3 o 5. etcd necesita un quórum de floor(n/2)+1 miembros, así que 3 miembros soportan la pérdida de 1 y 5 la de 2, mientras que 2 miembros no soportan ninguna. Sin quórum no se puede escribir nada: no hay planificación ni reconciliación, aunque los pods en ejecución siguen funcionando. El scheduler y el controller manager eligen cada uno un único líder activo entre los miembros.</translation>
    </message>
    <message>
        <source>Virtual network</source>
        <translation>Red virtual</translation>
    </message>
    <message>
        <source>The cluster network, set up by the CNI plugin, gives every pod its own IP address from its node&apos;s slice of the pod CIDR (10.244.0.0/16 with a /24 per node by default). Every pod can reach every other pod directly, on any node, without NAT, unless a NetworkPolicy forbids it. Service ClusterIPs come from a separate range (10.96.0.0/12 by default).</source>
        <translation>La red del clúster, configurada por el plugin CNI, da a cada pod su propia dirección IP, tomada del tramo del CIDR de pods que corresponde a su nodo (10.244.0.0/16 con un /24 por nodo por defecto). Cada pod puede llegar directamente a cualquier otro pod, en cualquier nodo y sin NAT, salvo que una NetworkPolicy lo impida. Las ClusterIP de los Services salen de otro rango (10.96.0.0/12 por defecto).</translation>
    </message>
    <message>
        <source>Worker node</source>
        <translation>Nodo worker</translation>
    </message>
    <message>
        <source>A worker node is a machine, physical or virtual, that runs your pods. Each one runs a kubelet, kube-proxy and a container runtime, and offers allocatable CPU, memory and pod slots (110 by default) to the scheduler. A node that stops reporting becomes NotReady, and after about five minutes its pods are evicted and recreated elsewhere.</source>
        <translation>Un nodo worker es una máquina, física o virtual, que ejecuta tus pods. Cada uno ejecuta un kubelet, kube-proxy y un container runtime, y ofrece al scheduler CPU, memoria y plazas para pods asignables (110 por defecto). Un nodo que deja de informar pasa a NotReady y, unos cinco minutos después, sus pods se desalojan y se vuelven a crear en otro sitio.</translation>
    </message>
    <message>
        <source>kubelet</source>
        <translation>kubelet</translation>
    </message>
    <message>
        <source>The kubelet is the node agent. It watches the API server for pods bound to its node, asks the container runtime to start their containers, runs their probes and reports their status. It also posts the node&apos;s status every 10 seconds; when those reports stop, the node controller marks the node Ready=Unknown.</source>
        <translation>El kubelet es el agente del nodo. Vigila en el API server los pods asignados a su nodo, pide al container runtime que arranque sus contenedores, ejecuta sus sondas (probes) e informa de su estado. También publica el estado del nodo cada 10 segundos; cuando esos informes se interrumpen, el controlador de nodos marca el nodo como Ready=Unknown.</translation>
    </message>
    <message>
        <source>kube-proxy</source>
        <translation>kube-proxy</translation>
    </message>
    <message>
        <source>kube-proxy runs on every node and turns Services into packet-forwarding rules. In iptables mode each new connection to a Service picks one ready endpoint at random; in IPVS mode the default is round robin. It is what makes a ClusterIP or NodePort reach a pod, whichever node the pod is on.</source>
        <translation>kube-proxy se ejecuta en cada nodo y convierte los Services en reglas de reenvío de paquetes. En modo iptables, cada nueva conexión a un Service elige al azar un endpoint listo; en modo IPVS el reparto por defecto es round robin. Es lo que hace que una ClusterIP o un NodePort lleguen a un pod, esté en el nodo que esté.</translation>
    </message>
    <message>
        <source>Container runtime</source>
        <translation>Container runtime</translation>
    </message>
    <message>
        <source>The container runtime (containerd or CRI-O) pulls images and runs containers when the kubelet asks it to, through the Container Runtime Interface (CRI). Kubernetes itself never runs a container directly.</source>
        <translation>El container runtime (containerd o CRI-O) descarga imágenes y ejecuta contenedores cuando se lo pide el kubelet, a través de la Container Runtime Interface (CRI). Kubernetes nunca ejecuta un contenedor directamente.</translation>
    </message>
    <message>
        <source>Pod</source>
        <translation>Pod</translation>
    </message>
    <message>
        <source>A Pod is the smallest unit Kubernetes schedules: one or more containers that share an IP address and volumes and always run together on one node. Pods are disposable: when one dies or its node fails, its controller creates a new Pod with a new name and a new IP. That is why clients reach pods through a Service.</source>
        <translation>Un Pod es la unidad más pequeña que planifica Kubernetes: uno o varios contenedores que comparten dirección IP y volúmenes y siempre se ejecutan juntos en un mismo nodo. Los Pods son desechables: cuando uno muere o falla su nodo, su controlador crea un Pod nuevo con otro nombre y otra IP. Por eso los clientes llegan a los pods a través de un Service.</translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation>Deployment</translation>
    </message>
    <message>
        <source>A Deployment declares how many replicas of a pod template should run and how to update them. It manages ReplicaSets: changing the template starts a rolling update that creates a new ReplicaSet and scales the old one down, by default at most 25% above and 25% below the desired count at a time.</source>
        <translation>Un Deployment declara cuántas réplicas de una plantilla de pod deben ejecutarse y cómo actualizarlas. Gestiona ReplicaSets: al cambiar la plantilla empieza una actualización progresiva (rolling update) que crea un ReplicaSet nuevo y reduce el antiguo, por defecto sin superar en cada momento un 25 % por encima ni un 25 % por debajo del número deseado.</translation>
    </message>
    <message>
        <source>ReplicaSet</source>
        <translation>ReplicaSet</translation>
    </message>
    <message>
        <source>A ReplicaSet keeps a fixed number of identical pods running: it creates pods when there are too few and deletes pods when there are too many. You rarely create one yourself; each Deployment revision owns one.</source>
        <translation>Un ReplicaSet mantiene en ejecución un número fijo de pods idénticos: crea pods cuando faltan y elimina pods cuando sobran. Rara vez se crea uno a mano; cada revisión de un Deployment tiene el suyo.</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>A Service gives a changing set of pods, chosen by a label selector, one stable name and address. Its endpoints (EndpointSlices) list the ready pods that match the selector in its namespace, and kube-proxy spreads connections over them. Inside the cluster it is reachable at &lt;service&gt;.&lt;namespace&gt;.svc.cluster.local.</source>
        <translation>Un Service da a un conjunto cambiante de pods, elegidos por un selector de etiquetas, un nombre y una dirección estables. Sus endpoints (EndpointSlices) enumeran los pods listos de su namespace que coinciden con el selector, y kube-proxy reparte las conexiones entre ellos. Dentro del clúster se alcanza en &lt;service&gt;.&lt;namespace&gt;.svc.cluster.local.</translation>
    </message>
    <message>
        <source>Service: ClusterIP (internal)</source>
        <translation>Service: ClusterIP (interno)</translation>
    </message>
    <message>
        <source>ClusterIP, the default Service type, gets a virtual IP that only works inside the cluster. Use it for internal traffic, such as an API calling its database; nothing outside the cluster can reach it.</source>
        <translation>ClusterIP, el tipo de Service por defecto, recibe una IP virtual que solo funciona dentro del clúster. Úsalo para el tráfico interno, como una API que llama a su base de datos; nada de fuera del clúster puede alcanzarlo.</translation>
    </message>
    <message>
        <source>Service: NodePort (external)</source>
        <translation>Service: NodePort (externo)</translation>
    </message>
    <message>
        <source>A NodePort Service is a ClusterIP Service plus one port (30000-32767 by default) opened on every node. Traffic to any node&apos;s IP at that port reaches the Service&apos;s pods, even on other nodes; with externalTrafficPolicy Local only pods on the receiving node answer and the client&apos;s IP is kept.</source>
        <translation>Un Service NodePort es un Service ClusterIP más un puerto (30000-32767 por defecto) abierto en todos los nodos. El tráfico dirigido a la IP de cualquier nodo en ese puerto llega a los pods del Service, aunque estén en otros nodos; con externalTrafficPolicy Local solo responden los pods del nodo que recibe el tráfico y se conserva la IP del cliente.</translation>
    </message>
    <message>
        <source>Service: LoadBalancer (external)</source>
        <translation>Service: LoadBalancer (externo)</translation>
    </message>
    <message>
        <source>A LoadBalancer Service is a NodePort Service plus an external address provided by the cloud or by a load-balancer add-on. Clients outside the cluster connect to that address and the load balancer forwards them to the nodes.</source>
        <translation>Un Service LoadBalancer es un Service NodePort más una dirección externa que proporciona la nube o un complemento de balanceo de carga. Los clientes de fuera del clúster se conectan a esa dirección y el balanceador los reenvía a los nodos.</translation>
    </message>
    <message>
        <source>Service: headless</source>
        <translation>Service: headless</translation>
    </message>
    <message>
        <source>A headless Service (clusterIP: None) has no virtual IP and no load balancing by kube-proxy: the cluster DNS answers with the IPs of the ready pods themselves. StatefulSets use it so that each pod gets its own stable DNS name.</source>
        <translation>Un Service headless (clusterIP: None) no tiene IP virtual ni balanceo de carga de kube-proxy: el DNS del clúster responde directamente con las IP de los pods listos. Los StatefulSets lo usan para que cada pod tenga su propio nombre DNS estable.</translation>
    </message>
    <message>
        <source>EndpointSlice</source>
        <translation>EndpointSlice</translation>
    </message>
    <message>
        <source>An EndpointSlice lists the addresses of a Service&apos;s pods and whether each one is ready. The EndpointSlice controller keeps it current as pods come and go, and kube-proxy programs its rules from it. A Service with no ready endpoints cannot answer.</source>
        <translation>Un EndpointSlice enumera las direcciones de los pods de un Service e indica si cada uno está listo. El controlador de EndpointSlices lo mantiene al día a medida que los pods aparecen y desaparecen, y kube-proxy programa sus reglas a partir de él. Un Service sin endpoints listos no puede responder.</translation>
    </message>
    <message>
        <source>Ingress</source>
        <translation>Ingress</translation>
    </message>
    <message>
        <source>An Ingress describes HTTP routing from outside the cluster to Services: by host name (exact, or a wildcard such as *.example.com) and by path (Exact or Prefix; the longest matching path wins). An Ingress does nothing by itself: an Ingress controller reads it and does the routing. A request that matches no rule goes to the default backend, or gets a 404 from the controller.</source>
        <translation>Un Ingress describe el enrutamiento HTTP desde fuera del clúster hacia los Services: por nombre de host (exacto, o con comodín como *.example.com) y por ruta (Exact o Prefix; gana la ruta coincidente más larga). Un Ingress no hace nada por sí solo: un controlador de Ingress lo lee y se encarga del enrutamiento. Una petición que no coincide con ninguna regla va al backend por defecto o recibe un 404 del controlador.</translation>
    </message>
    <message>
        <source>IngressClass</source>
        <translation>IngressClass</translation>
    </message>
    <message>
        <source>An IngressClass names the controller that serves an Ingress (spec.controller, for example k8s.io/ingress-nginx). An Ingress chooses one with ingressClassName; without it, the class annotated as the default is used.</source>
        <translation>Una IngressClass indica qué controlador atiende un Ingress (spec.controller, por ejemplo k8s.io/ingress-nginx). Un Ingress elige una con ingressClassName; si no lo indica, se usa la clase anotada como predeterminada.</translation>
    </message>
    <message>
        <source>Ingress controller: NGINX</source>
        <translation>Controlador de Ingress: NGINX</translation>
    </message>
    <message>
        <source>ingress-nginx is the Ingress controller maintained by the Kubernetes project. It runs NGINX as a reverse proxy in its own pods behind a LoadBalancer or NodePort Service, and rewrites the NGINX configuration whenever Ingresses, Services or endpoints change. Its IngressClass controller is k8s.io/ingress-nginx.</source>
        <translation>ingress-nginx es el controlador de Ingress que mantiene el propio proyecto Kubernetes. Ejecuta NGINX como proxy inverso en sus propios pods, detrás de un Service LoadBalancer o NodePort, y reescribe la configuración de NGINX cada vez que cambian los Ingress, los Services o los endpoints. El controlador de su IngressClass es k8s.io/ingress-nginx.</translation>
    </message>
    <message>
        <source>Ingress controller: Traefik</source>
        <translation>Controlador de Ingress: Traefik</translation>
    </message>
    <message>
        <source>Traefik is a cloud-native reverse proxy that reads Ingress objects (and its own IngressRoute resources) and updates its routes on the fly, without reloading. It is the default Ingress controller of k3s.</source>
        <translation>Traefik es un proxy inverso nativo de la nube que lee los objetos Ingress (y sus propios recursos IngressRoute) y actualiza sus rutas sobre la marcha, sin recargar. Es el controlador de Ingress por defecto de k3s.</translation>
    </message>
    <message>
        <source>Ingress controller: HAProxy</source>
        <translation>Controlador de Ingress: HAProxy</translation>
    </message>
    <message>
        <source>The HAProxy Ingress controller routes traffic with HAProxy, a load balancer known for its performance and detailed connection controls. It turns Ingress rules into HAProxy frontends and backends that point straight at the pods.</source>
        <translation>El controlador de Ingress de HAProxy enruta el tráfico con HAProxy, un balanceador de carga conocido por su rendimiento y su control detallado de las conexiones. Convierte las reglas de Ingress en frontends y backends de HAProxy que apuntan directamente a los pods.</translation>
    </message>
    <message>
        <source>Ingress controller: Envoy (Contour)</source>
        <translation>Controlador de Ingress: Envoy (Contour)</translation>
    </message>
    <message>
        <source>Contour is an Ingress controller that uses Envoy as its data plane: Contour watches Ingresses and sends the resulting routes to the Envoy proxies over Envoy&apos;s xDS API, so routes change without restarts. It also offers its own HTTPProxy resource.</source>
        <translation>Contour es un controlador de Ingress que usa Envoy como plano de datos: Contour vigila los Ingress y envía las rutas resultantes a los proxies Envoy mediante la API xDS de Envoy, de modo que las rutas cambian sin reinicios. También ofrece su propio recurso HTTPProxy.</translation>
    </message>
    <message>
        <source>NetworkPolicy</source>
        <translation>NetworkPolicy</translation>
    </message>
    <message>
        <source>A NetworkPolicy is a firewall for pods. Once any policy selects a pod for Ingress (or Egress), only the traffic that some rule allows gets in (or out); pods no policy selects accept everything. A connection needs both the source&apos;s egress and the destination&apos;s ingress to allow it. The CNI plugin enforces policies; the API server only stores them.</source>
        <translation>Una NetworkPolicy es un cortafuegos para pods. En cuanto alguna política selecciona un pod para Ingress (o Egress), solo entra (o sale) el tráfico que permite alguna regla; los pods que ninguna política selecciona lo aceptan todo. Una conexión necesita que la permitan tanto la salida (egress) del origen como la entrada (ingress) del destino. Las políticas las aplica el plugin CNI; el API server solo las almacena.</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>A Namespace groups objects and scopes their names: two teams can each have a Service called api in their own namespace. Quotas, access rights and NetworkPolicies are usually set per namespace. Nodes and IngressClasses belong to no namespace.</source>
        <translation>Un Namespace agrupa objetos y delimita el ámbito de sus nombres: dos equipos pueden tener cada uno un Service llamado api en su propio namespace. Las cuotas, los permisos de acceso y las NetworkPolicies suelen definirse por namespace. Los nodos y las IngressClasses no pertenecen a ningún namespace.</translation>
    </message>
    <message>
        <source>External client</source>
        <translation>Cliente externo</translation>
    </message>
    <message>
        <source>An external client stands for users or systems outside the cluster, such as a browser on the internet. It can reach only what is exposed: a NodePort or LoadBalancer Service, or an Ingress controller in front of internal Services. ClusterIP Services and pod IPs are out of its reach.</source>
        <translation>Un cliente externo representa a usuarios o sistemas de fuera del clúster, como un navegador en internet. Solo puede alcanzar lo que está expuesto: un Service NodePort o LoadBalancer, o un controlador de Ingress delante de Services internos. Los Services ClusterIP y las IP de los pods quedan fuera de su alcance.</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>What each part of the cluster does</source>
        <translation>Qué hace cada parte del clúster</translation>
    </message>
    <message>
        <source>Choose a component to read what it does in a cluster</source>
        <translation>Elige un componente para leer qué hace en un clúster</translation>
    </message>
    <message>
        <source>Search the explanations…</source>
        <translation>Buscar en las explicaciones…</translation>
    </message>
</context>
<context>
    <name>ImageExport</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Writing {0}…</source>
        <translation>Escribiendo {0}…</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Select an object on the canvas to edit it.</source>
        <translation>Selecciona un objeto del lienzo para editarlo.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Réplicas</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Pod labels</source>
        <translation>Etiquetas del pod</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <source>Max pods</source>
        <translation>Máx. de pods</translation>
    </message>
    <message>
        <source>Node (pinned)</source>
        <translation>Nodo (fijado)</translation>
    </message>
    <message>
        <source>Taints</source>
        <translation>Taints</translation>
    </message>
    <message>
        <source>Cordoned</source>
        <translation>Acordonado (cordon)</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Puertos</translation>
    </message>
    <message>
        <source>Selector</source>
        <translation>Selector</translation>
    </message>
    <message>
        <source>Ingress class</source>
        <translation>Clase de Ingress</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Reglas</translation>
    </message>
    <message>
        <source>Pod selector</source>
        <translation>Selector de pods</translation>
    </message>
    <message>
        <source>Policy types</source>
        <translation>Tipos de política</translation>
    </message>
    <message>
        <source>Simulation shown: reset it to edit the design.</source>
        <translation>Se muestra la simulación: reiníciala para editar el diseño.</translation>
    </message>
    <message>
        <source>e.g. {0}</source>
        <translation>p. ej. {0}</translation>
    </message>
    <message>
        <source>Edit {0} of {1}</source>
        <translation>Editar {0} de {1}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>KubectlConsole</name>
    <message>
        <source>kubectl</source>
        <translation>kubectl</translation>
    </message>
    <message>
        <source>get pods -A   (Tab completes, Up/Down recall, &quot;clear&quot; empties)</source>
        <translation>get pods -A   (Tab completa, Arriba/Abajo recupera, &quot;clear&quot; limpia)</translation>
    </message>
    <message>
        <source>A kubectl command, run against the simulated cluster&apos;s API server</source>
        <translation>Un comando kubectl, ejecutado contra el API server del clúster simulado</translation>
    </message>
    <message>
        <source>kubectl against the simulated cluster. Try: get nodes, get pods -A -o wide, scale deployment api -n shop --replicas=5, drain worker-1 --ignore-daemonsets. Type &quot;help&quot; for the commands.</source>
        <translation>kubectl contra el clúster simulado. Prueba: get nodes, get pods -A -o wide, scale deployment api -n shop --replicas=5, drain worker-1 --ignore-daemonsets. Escribe &quot;help&quot; para ver los comandos.</translation>
    </message>
    <message>
        <source>No simulation is running: start the simulation first.</source>
        <translation>No hay ninguna simulación en marcha: inicia primero la simulación.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Drag components from the palette onto the canvas.</source>
        <translation>Arrastra componentes desde la paleta al lienzo.</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>Componentes</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Vista general</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>Scheduling</source>
        <translation>Planificación</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>Request trace</source>
        <translation>Traza de la petición</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Ayuda</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Nuevo</translation>
    </message>
    <message>
        <source>Start an empty design</source>
        <translation>Empezar un diseño vacío</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Abrir…</translation>
    </message>
    <message>
        <source>Open a topology file</source>
        <translation>Abrir un archivo de topología</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Guardar &amp;como…</translation>
    </message>
    <message>
        <source>&amp;Import manifests…</source>
        <translation>&amp;Importar manifiestos…</translation>
    </message>
    <message>
        <source>Merge Kubernetes manifests into this design</source>
        <translation>Incorporar manifiestos de Kubernetes a este diseño</translation>
    </message>
    <message>
        <source>&amp;Export manifests…</source>
        <translation>&amp;Exportar manifiestos…</translation>
    </message>
    <message>
        <source>Write apply-ready manifests</source>
        <translation>Escribir manifiestos listos para aplicar</translation>
    </message>
    <message>
        <source>Export &amp;image…</source>
        <translation>Exportar i&amp;magen…</translation>
    </message>
    <message>
        <source>Save the diagram as PNG or SVG</source>
        <translation>Guardar el diagrama como PNG o SVG</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Deshacer</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rehacer</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Eliminar</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Pegar</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplicar</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>Re&amp;nombrar</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>Seleccionar &amp;todo</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>&amp;Acercar</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>A&amp;lejar</translation>
    </message>
    <message>
        <source>&amp;Fit to window</source>
        <translation>Ajustar a la &amp;ventana</translation>
    </message>
    <message>
        <source>Actual &amp;size</source>
        <translation>Tamaño &amp;real</translation>
    </message>
    <message>
        <source>&amp;Snap to grid</source>
        <translation>Ajustar a la &amp;cuadrícula</translation>
    </message>
    <message>
        <source>Auto-&amp;layout</source>
        <translation>&amp;Organizar automáticamente</translation>
    </message>
    <message>
        <source>Arrange every object in layers (one undo step)</source>
        <translation>Colocar todos los objetos por capas (un solo paso de deshacer)</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>&amp;Paso</translation>
    </message>
    <message>
        <source>Advance to the next event</source>
        <translation>Avanzar hasta el siguiente evento</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Reproducir</translation>
    </message>
    <message>
        <source>Run or pause the simulation</source>
        <translation>Ejecutar o pausar la simulación</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>Re&amp;iniciar</translation>
    </message>
    <message>
        <source>Discard the simulation and show the design</source>
        <translation>Descartar la simulación y mostrar el diseño</translation>
    </message>
    <message>
        <source>Run until &amp;settled</source>
        <translation>Ejecutar hasta &amp;estabilizar</translation>
    </message>
    <message>
        <source>Run until every pod is placed and running</source>
        <translation>Ejecutar hasta que todos los pods estén colocados y en ejecución</translation>
    </message>
    <message>
        <source>Run for &amp;1000 s…</source>
        <translation>Ejecutar &amp;1000 s…</translation>
    </message>
    <message>
        <source>Advance 1000 simulated seconds with progress</source>
        <translation>Avanzar 1000 segundos simulados mostrando el progreso</translation>
    </message>
    <message>
        <source>Send &amp;request…</source>
        <translation>Enviar &amp;petición…</translation>
    </message>
    <message>
        <source>Route one request and watch it hop by hop</source>
        <translation>Enrutar una petición y seguirla salto a salto</translation>
    </message>
    <message>
        <source>Generate &amp;load…</source>
        <translation>Generar &amp;carga…</translation>
    </message>
    <message>
        <source>Route many requests and show per-pod counts and drops</source>
        <translation>Enrutar muchas peticiones y mostrar recuentos y descartes por pod</translation>
    </message>
    <message>
        <source>&amp;Clear overlay</source>
        <translation>&amp;Quitar superposición</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Preferences</source>
        <translation>&amp;Preferencias</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation>&amp;Simulación</translation>
    </message>
    <message>
        <source>&amp;Traffic</source>
        <translation>&amp;Tráfico</translation>
    </message>
    <message>
        <source>&amp;kubectl console</source>
        <translation>Consola de &amp;kubectl</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Herramientas</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;Acerca de</translation>
    </message>
    <message>
        <source>Simulation</source>
        <translation>Simulación</translation>
    </message>
    <message>
        <source>Simulation speed: simulated seconds per real second</source>
        <translation>Velocidad de simulación: segundos simulados por segundo real</translation>
    </message>
    <message>
        <source>Timeline: drag back to any earlier moment of the simulation</source>
        <translation>Línea de tiempo: arrastra hacia atrás hasta cualquier momento anterior de la simulación</translation>
    </message>
    <message>
        <source>design</source>
        <translation>diseño</translation>
    </message>
    <message>
        <source>Example cluster</source>
        <translation>Clúster de ejemplo</translation>
    </message>
    <message>
        <source>Kubernetes Architecture Explorer</source>
        <translation>Kubernetes Architecture Explorer</translation>
    </message>
    <message>
        <source>Problems ({0})</source>
        <translation>Problemas ({0})</translation>
    </message>
    <message>
        <source>Select a pod to see how the scheduler places it.</source>
        <translation>Selecciona un pod para ver cómo lo coloca el scheduler.</translation>
    </message>
    <message>
        <source>The scheduler is not available in this build.</source>
        <translation>El scheduler no está disponible en esta versión.</translation>
    </message>
    <message>
        <source>Cannot do that</source>
        <translation>No se puede hacer</translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation>&amp;Deshacer {0}</translation>
    </message>
    <message>
        <source>&amp;Redo {0}</source>
        <translation>&amp;Rehacer {0}</translation>
    </message>
    <message>
        <source>A simulation is shown: press Reset to edit the design.</source>
        <translation>Se muestra una simulación: pulsa Reiniciar para editar el diseño.</translation>
    </message>
    <message>
        <source>t = {0} s</source>
        <translation>t = {0} s</translation>
    </message>
    <message>
        <source>seek to {0} s</source>
        <translation>ir a {0} s</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausa</translation>
    </message>
    <message>
        <source>Starting the simulation…</source>
        <translation>Iniciando la simulación…</translation>
    </message>
    <message>
        <source>Simulating {0} s…</source>
        <translation>Simulando {0} s…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>kubectl</source>
        <translation>kubectl</translation>
    </message>
    <message>
        <source>Problems (checking…)</source>
        <translation>Problemas (comprobando…)</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>The design has unsaved changes. Save them first?</source>
        <translation>El diseño tiene cambios sin guardar. ¿Quieres guardarlos antes?</translation>
    </message>
    <message>
        <source>Still busy (a save, a trace or a console command): close again when it is done.</source>
        <translation>Todavía ocupado (un guardado, una traza o una orden de consola): cierre de nuevo cuando termine.</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Acerca de</translation>
    </message>
    <message>
        <source>&lt;b&gt;Kubernetes Architecture Explorer&lt;/b&gt;&lt;br&gt;Draw a cluster, simulate what Kubernetes does with it, route traffic through it and export real manifests.</source>
        <translation>&lt;b&gt;Kubernetes Architecture Explorer&lt;/b&gt;&lt;br&gt;Dibuja un clúster, simula lo que hace Kubernetes con él, enruta tráfico a través de él y exporta manifiestos reales.</translation>
    </message>
</context>
<context>
    <name>MiniMap</name>
    <message>
        <source>Overview: click or drag to move the main view</source>
        <translation>Vista general: haz clic o arrastra para mover la vista principal</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>Severity</source>
        <translation>Gravedad</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objeto</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>aviso</translation>
    </message>
    <message>
        <source>info</source>
        <translation>info</translation>
    </message>
</context>
<context>
    <name>SchedulingPanel</name>
    <message>
        <source>Select a pod to see how the scheduler places it.</source>
        <translation>Selecciona un pod para ver cómo lo coloca el scheduler.</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Nodo</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filtro</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Puntuación</translation>
    </message>
    <message>
        <source>Plugin scores</source>
        <translation>Puntuaciones por plugin</translation>
    </message>
    <message>
        <source>{0}: the scheduler picks node {1}.</source>
        <translation>{0}: el scheduler elige el nodo {1}.</translation>
    </message>
    <message>
        <source>{0}: no node fits. {1}</source>
        <translation>{0}: ningún nodo sirve. {1}</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>superado</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>descartado</translation>
    </message>
</context>
<context>
    <name>SimulationController</name>
    <message>
        <source>The simulator is not available in this build.</source>
        <translation>El simulador no está disponible en esta versión.</translation>
    </message>
    <message>
        <source>Cannot simulate this design: {0}</source>
        <translation>No se puede simular este diseño: {0}</translation>
    </message>
    <message>
        <source>The simulator cannot do {0}</source>
        <translation>El simulador no puede hacer {0}</translation>
    </message>
</context>
<context>
    <name>Trace</name>
    <message>
        <source>any host, ImplementationSpecific path (prefix) {rule_path} matched {path}</source>
        <translation>cualquier host, ruta ImplementationSpecific (prefijo) {rule_path} coincide con {path}</translation>
    </message>
    <message>
        <source>host {host}, ImplementationSpecific path (prefix) {rule_path} matched {path}</source>
        <translation>host {host}, ruta ImplementationSpecific (prefijo) {rule_path} coincide con {path}</translation>
    </message>
    <message>
        <source>any host, exact path {rule_path} matched {path}</source>
        <translation>cualquier host, ruta exacta {rule_path} coincide con {path}</translation>
    </message>
    <message>
        <source>any host, path prefix {rule_path} matched {path}</source>
        <translation>cualquier host, prefijo de ruta {rule_path} coincide con {path}</translation>
    </message>
    <message>
        <source>any host, ImplementationSpecific path (regex) {rule_path} matched {path}</source>
        <translation>cualquier host, ruta ImplementationSpecific (regex) {rule_path} coincide con {path}</translation>
    </message>
    <message>
        <source>host {host}, exact path {rule_path} matched {path}</source>
        <translation>host {host}, ruta exacta {rule_path} coincide con {path}</translation>
    </message>
    <message>
        <source>host {host}, path prefix {rule_path} matched {path}</source>
        <translation>host {host}, prefijo de ruta {rule_path} coincide con {path}</translation>
    </message>
    <message>
        <source>host {host}, ImplementationSpecific path (regex) {rule_path} matched {path}</source>
        <translation>host {host}, ruta ImplementationSpecific (regex) {rule_path} coincide con {path}</translation>
    </message>
    <message>
        <source>no rule matched {host}{path}; spec.defaultBackend of {ingress}</source>
        <translation>ninguna regla coincide con {host}{path}; spec.defaultBackend de {ingress}</translation>
    </message>
    <message>
        <source>allowed by NetworkPolicy {policy} {direction} rule #{index}</source>
        <translation>permitido por la regla #{index} de {direction} de la NetworkPolicy {policy}</translation>
    </message>
    <message>
        <source>a pod reaching itself is always allowed (as real CNIs do)</source>
        <translation>un pod siempre puede conectarse consigo mismo (como en los CNI reales)</translation>
    </message>
    <message>
        <source>{pod} is isolated for {direction} by NetworkPolicy {policies}; no rule allows {peer} on {protocol}/{port}</source>
        <translation>{pod} está aislado para {direction} por la NetworkPolicy {policies}; ninguna regla permite {peer} en {protocol}/{port}</translation>
    </message>
    <message>
        <source>not a pod: no NetworkPolicy applies</source>
        <translation>no es un pod: no se aplica ninguna NetworkPolicy</translation>
    </message>
    <message>
        <source>no NetworkPolicy selects {pod} for {direction}: not isolated</source>
        <translation>ninguna NetworkPolicy selecciona {pod} para {direction}: no está aislado</translation>
    </message>
    <message>
        <source>served by pod {pod}</source>
        <translation>respondido por el pod {pod}</translation>
    </message>
    <message>
        <source>{controller} controller {pod}</source>
        <translation>controlador {controller} {pod}</translation>
    </message>
    <message>
        <source>Ingress {ingress} ({why}, controller {controller})</source>
        <translation>Ingress {ingress} ({why}, controlador {controller})</translation>
    </message>
    <message>
        <source>egress of {pod}</source>
        <translation>egress de {pod}</translation>
    </message>
    <message>
        <source>deny DNS lookup (UDP/53 to CoreDNS)</source>
        <translation>denegar la consulta DNS (UDP/53 a CoreDNS)</translation>
    </message>
    <message>
        <source>{pod} is isolated for egress and no rule allows UDP/53 to the kube-dns endpoints; the lookup times out</source>
        <translation>{pod} está aislado para egress y ninguna regla permite UDP/53 hacia los endpoints de kube-dns; la consulta agota el tiempo de espera</translation>
    </message>
    <message>
        <source>DNS lookup of {host} blocked: NetworkPolicy denies egress from {pod} to CoreDNS on UDP/53</source>
        <translation>consulta DNS de {host} bloqueada: una NetworkPolicy deniega el egress de {pod} a CoreDNS en UDP/53</translation>
    </message>
    <message>
        <source>no route to {ip}: not a node, pod, ClusterIP or LoadBalancer IP of this cluster</source>
        <translation>no hay ruta a {ip}: no es un nodo, pod, ClusterIP ni IP de LoadBalancer de este clúster</translation>
    </message>
    <message>
        <source>Service {service} has no port {port}; nothing answers on {entry}</source>
        <translation>el Service {service} no tiene el puerto {port}; nada responde en {entry}</translation>
    </message>
    <message>
        <source>externalTrafficPolicy Cluster: every Ready worker node is a healthy target</source>
        <translation>externalTrafficPolicy Cluster: todo nodo worker Ready es un destino sano</translation>
    </message>
    <message>
        <source>forward to node {node} ({target}), one of {count} healthy nodes</source>
        <translation>reenviar al nodo {node} ({target}), uno de {count} nodos sanos</translation>
    </message>
    <message>
        <source>packet arrives for {ip}:{port}</source>
        <translation>el paquete llega con destino {ip}:{port}</translation>
    </message>
    <message>
        <source>Service {service} port {port} -&gt; targetPort {target_port} (= {resolved} on this pod)</source>
        <translation>Service {service} port {port} -&gt; targetPort {target_port} (= {resolved} en este pod)</translation>
    </message>
    <message>
        <source>{policy} Local: only endpoints on this node</source>
        <translation>{policy} Local: solo endpoints de este nodo</translation>
    </message>
    <message>
        <source>DNAT {entry} -&gt; {ip}:{port} (pod {pod} on {node})</source>
        <translation>DNAT {entry} -&gt; {ip}:{port} (pod {pod} en {node})</translation>
    </message>
    <message>
        <source>deliver to pod {pod} ({ip})</source>
        <translation>entregar al pod {pod} ({ip})</translation>
    </message>
    <message>
        <source>ingress of {pod}</source>
        <translation>ingress de {pod}</translation>
    </message>
    <message>
        <source>HTTP {path} answered on {ip}:{port}</source>
        <translation>HTTP {path} respondido en {ip}:{port}</translation>
    </message>
    <message>
        <source>no ingressClassName: default IngressClass {ingress_class}</source>
        <translation>sin ingressClassName: IngressClass predeterminada {ingress_class}</translation>
    </message>
    <message>
        <source>internet {ip}</source>
        <translation>internet {ip}</translation>
    </message>
    <message>
        <source>pod {pod} ({ip}) on {node}</source>
        <translation>pod {pod} ({ip}) en {node}</translation>
    </message>
    <message>
        <source>packet to {ip}:{port} leaves the pod through its veth into the node&apos;s network stack</source>
        <translation>el paquete a {ip}:{port} sale del pod por su veth hacia la pila de red del nodo</translation>
    </message>
    <message>
        <source>public DNS</source>
        <translation>DNS público</translation>
    </message>
    <message>
        <source>CoreDNS (then upstream DNS)</source>
        <translation>CoreDNS (después el DNS upstream)</translation>
    </message>
    <message>
        <source>could not resolve host {host}</source>
        <translation>no se pudo resolver el host {host}</translation>
    </message>
    <message>
        <source>CoreDNS (forwarded to upstream DNS)</source>
        <translation>CoreDNS (reenviado al DNS upstream)</translation>
    </message>
    <message>
        <source>externalTrafficPolicy Local: the health check (healthCheckNodePort) passes only on nodes with a ready endpoint: {nodes}</source>
        <translation>externalTrafficPolicy Local: la comprobación de salud (healthCheckNodePort) solo pasa en los nodos con un endpoint listo: {nodes}</translation>
    </message>
    <message>
        <source>externalTrafficPolicy Local: the health check (healthCheckNodePort) passes only on nodes with a ready endpoint: none</source>
        <translation>externalTrafficPolicy Local: la comprobación de salud (healthCheckNodePort) solo pasa en los nodos con un endpoint listo: ninguno</translation>
    </message>
    <message>
        <source>no healthy node to send to</source>
        <translation>ningún nodo sano al que enviar</translation>
    </message>
    <message>
        <source>the load balancer of Service {service} has no healthy node</source>
        <translation>el balanceador de carga del Service {service} no tiene ningún nodo sano</translation>
    </message>
    <message>
        <source>REJECT {entry}: Service {service} has no ready endpoints</source>
        <translation>REJECT {entry}: el Service {service} no tiene endpoints listos</translation>
    </message>
    <message>
        <source>KUBE-SERVICES: a Service without endpoints is rejected (ICMP port unreachable)</source>
        <translation>KUBE-SERVICES: un Service sin endpoints se rechaza (ICMP port unreachable)</translation>
    </message>
    <message>
        <source>connection refused: Service {service} has no ready endpoints</source>
        <translation>conexión rechazada: el Service {service} no tiene endpoints listos</translation>
    </message>
    <message>
        <source>IPVS round-robin on {node}: connection #{connection}, real server {index} of {count}</source>
        <translation>IPVS round-robin en {node}: conexión n.º {connection}, servidor real {index} de {count}</translation>
    </message>
    <message>
        <source>endpoint {ip} of {service} is not a known pod</source>
        <translation>el endpoint {ip} de {service} no es un pod conocido</translation>
    </message>
    <message>
        <source>route {ip} via the overlay to {node}</source>
        <translation>enrutar {ip} por la red overlay hacia {node}</translation>
    </message>
    <message>
        <source>encapsulate {source} -&gt; {ip} from {source_node} to {node}</source>
        <translation>encapsular {source} -&gt; {ip} de {source_node} a {node}</translation>
    </message>
    <message>
        <source>CNI overlay network (VXLAN)</source>
        <translation>red overlay del CNI (VXLAN)</translation>
    </message>
    <message>
        <source>node is not Ready: the packet is lost</source>
        <translation>el nodo no está Ready: el paquete se pierde</translation>
    </message>
    <message>
        <source>node {node} of pod {pod} is not Ready</source>
        <translation>el nodo {node} del pod {pod} no está Ready</translation>
    </message>
    <message>
        <source>allow</source>
        <translation>permitir</translation>
    </message>
    <message>
        <source>deny</source>
        <translation>denegar</translation>
    </message>
    <message>
        <source>NetworkPolicy denies ingress to {pod} from {source} TCP/{port}</source>
        <translation>una NetworkPolicy deniega el ingress a {pod} desde {source} TCP/{port}</translation>
    </message>
    <message>
        <source>nothing listens on {port} (container ports {declared})</source>
        <translation>nada escucha en {port} (puertos de contenedor {declared})</translation>
    </message>
    <message>
        <source>the pod&apos;s containers declare their ports; TCP RST</source>
        <translation>los contenedores del pod declaran sus puertos; TCP RST</translation>
    </message>
    <message>
        <source>connection refused: pod {pod} does not listen on {port}</source>
        <translation>conexión rechazada: el pod {pod} no escucha en {port}</translation>
    </message>
    <message>
        <source>no Ingress rule for {host}{path}: 404 Not Found</source>
        <translation>ninguna regla de Ingress para {host}{path}: 404 Not Found</translation>
    </message>
    <message>
        <source>Ingresses of class {classes} that could serve {host}: {count}; no rule matched {path} and none has a defaultBackend</source>
        <translation>Ingresses de la clase {classes} que podrían servir {host}: {count}; ninguna regla coincide con {path} y ninguno tiene defaultBackend</translation>
    </message>
    <message>
        <source>no Ingress rule matches {host}{path} (controller&apos;s default backend)</source>
        <translation>ninguna regla de Ingress coincide con {host}{path} (backend predeterminado del controlador)</translation>
    </message>
    <message>
        <source>TLS terminated with the certificate of spec.tls for {host}</source>
        <translation>TLS terminado con el certificado de spec.tls para {host}</translation>
    </message>
    <message>
        <source>{host} is not in spec.tls: the controller presents its default self-signed certificate (a verifying client would abort)</source>
        <translation>{host} no está en spec.tls: el controlador presenta su certificado autofirmado predeterminado (un cliente que lo verifique abortaría)</translation>
    </message>
    <message>
        <source>host has TLS: ingress-nginx would answer 308 redirect to https (followed)</source>
        <translation>el host tiene TLS: ingress-nginx respondería 308 redirect a https (seguido)</translation>
    </message>
    <message>
        <source>backend Service {service} does not exist</source>
        <translation>el Service de backend {service} no existe</translation>
    </message>
    <message>
        <source>backend Service {service} has no port {port}</source>
        <translation>el Service de backend {service} no tiene el puerto {port}</translation>
    </message>
    <message>
        <source>Service {service} has no ready endpoints</source>
        <translation>el Service {service} no tiene endpoints listos</translation>
    </message>
    <message>
        <source>backend Service {service} has no ready endpoints</source>
        <translation>el Service de backend {service} no tiene endpoints listos</translation>
    </message>
    <message>
        <source>proxy to endpoint {ip}:{port} (pod {pod})</source>
        <translation>proxy al endpoint {ip}:{port} (pod {pod})</translation>
    </message>
    <message>
        <source>proxy to endpoint {ip}:{port}</source>
        <translation>proxy al endpoint {ip}:{port}</translation>
    </message>
    <message>
        <source>{fqdn} is Service {service}&apos;s ClusterIP (pod search path {search})</source>
        <translation>{fqdn} es la ClusterIP del Service {service} (ruta de búsqueda del pod {search})</translation>
    </message>
    <message>
        <source>no Service has this name and no Ingress names this host</source>
        <translation>ningún Service tiene este nombre y ningún Ingress nombra este host</translation>
    </message>
    <message>
        <source>no Ingress names this host (cluster-internal names do not resolve outside)</source>
        <translation>ningún Ingress nombra este host (los nombres internos del clúster no se resuelven desde fuera)</translation>
    </message>
    <message>
        <source>allow DNS lookup to {ip} UDP/{port}</source>
        <translation>permitir la consulta DNS a {ip} UDP/{port}</translation>
    </message>
    <message>
        <source>kube-proxy short-circuits a LoadBalancer IP inside the cluster</source>
        <translation>dentro del clúster, kube-proxy atiende directamente una IP de LoadBalancer (sin pasar por el balanceador)</translation>
    </message>
    <message>
        <source>sent from {source} to node {node} over the node network</source>
        <translation>enviado de {source} al nodo {node} por la red de nodos</translation>
    </message>
    <message>
        <source>packet arrives on port {port}</source>
        <translation>el paquete llega al puerto {port}</translation>
    </message>
    <message>
        <source>node {node} is not Ready; nothing answers on {ip}</source>
        <translation>el nodo {node} no está Ready; nada responde en {ip}</translation>
    </message>
    <message>
        <source>nothing listens on {ip}:{port}</source>
        <translation>nada escucha en {ip}:{port}</translation>
    </message>
    <message>
        <source>no Service has this nodePort</source>
        <translation>ningún Service tiene este nodePort</translation>
    </message>
    <message>
        <source>connection refused: no NodePort {port} on node {node}</source>
        <translation>conexión rechazada: no hay NodePort {port} en el nodo {node}</translation>
    </message>
    <message>
        <source>{ip} is a ClusterIP: not routable from outside the cluster</source>
        <translation>{ip} es una ClusterIP: no es enrutable desde fuera del clúster</translation>
    </message>
    <message>
        <source>{ip} is a ClusterIP, reachable only from inside the cluster</source>
        <translation>{ip} es una ClusterIP, accesible solo desde dentro del clúster</translation>
    </message>
    <message>
        <source>{ip} is a pod IP: not routable from outside the cluster</source>
        <translation>{ip} es una IP de pod: no es enrutable desde fuera del clúster</translation>
    </message>
    <message>
        <source>{ip} is a pod IP, reachable only from inside the cluster</source>
        <translation>{ip} es una IP de pod, accesible solo desde dentro del clúster</translation>
    </message>
    <message>
        <source>{ip} is pod {pod}: no Service, no DNAT</source>
        <translation>{ip} es el pod {pod}: sin Service, sin DNAT</translation>
    </message>
    <message>
        <source>direct to pod {pod} {ip}:{port}, no DNAT</source>
        <translation>directo al pod {pod} {ip}:{port}, sin DNAT</translation>
    </message>
    <message>
        <source>headless Services have no ClusterIP, kube-proxy is not involved</source>
        <translation>los Services headless no tienen ClusterIP; kube-proxy no interviene</translation>
    </message>
    <message>
        <source>DROP {entry}: no ready endpoint of {service} on {node}</source>
        <translation>DROP {entry}: ningún endpoint listo de {service} en {node}</translation>
    </message>
    <message>
        <source>{policy}: Local uses only endpoints on the receiving node</source>
        <translation>{policy}: Local usa solo los endpoints del nodo que recibe</translation>
    </message>
    <message>
        <source>{policy} Local and no ready endpoint of {service} on node {node}</source>
        <translation>{policy} Local y ningún endpoint listo de {service} en el nodo {node}</translation>
    </message>
    <message>
        <source>sessionAffinity ClientIP: {client} is pinned to {endpoint} (until t={until}s, timeoutSeconds {timeout})</source>
        <translation>sessionAffinity ClientIP: {client} está fijado a {endpoint} (hasta t={until}s, timeoutSeconds {timeout})</translation>
    </message>
    <message>
        <source>the only ready endpoint</source>
        <translation>el único endpoint listo</translation>
    </message>
    <message>
        <source>source IP {ip} preserved (no SNAT)</source>
        <translation>IP de origen {ip} conservada (sin SNAT)</translation>
    </message>
    <message>
        <source>SNAT source {ip} -&gt; {node_ip} (node {node})</source>
        <translation>SNAT del origen {ip} -&gt; {node_ip} (nodo {node})</translation>
    </message>
    <message>
        <source>externalTrafficPolicy Cluster masquerades external traffic</source>
        <translation>externalTrafficPolicy Cluster enmascara el tráfico externo</translation>
    </message>
    <message>
        <source>NetworkPolicy denies egress from {source} to {pod} TCP/{port}</source>
        <translation>una NetworkPolicy deniega el egress de {source} a {pod} TCP/{port}</translation>
    </message>
    <message>
        <source>{ip} is in {node}&apos;s pod CIDR {cidr}</source>
        <translation>{ip} está en el pod CIDR de {node} {cidr}</translation>
    </message>
    <message>
        <source>{ip} is in {node}&apos;s pod CIDR</source>
        <translation>{ip} está en el pod CIDR de {node}</translation>
    </message>
    <message>
        <source>{ip} is local: deliver over the node&apos;s bridge, no overlay</source>
        <translation>{ip} es local: entregar por el bridge del nodo, sin overlay</translation>
    </message>
    <message>
        <source>controllers send to the Service&apos;s endpoints directly (not via the ClusterIP)</source>
        <translation>los controladores envían directamente a los endpoints del Service (no a través de la ClusterIP)</translation>
    </message>
    <message>
        <source>{host} -&gt; {ip} (one of {count} A records)</source>
        <translation>{host} -&gt; {ip} (uno de {count} registros A)</translation>
    </message>
    <message>
        <source>headless Service {service} (clusterIP: None): DNS returns the ready pod IPs; the client takes the first of the shuffled answer</source>
        <translation>Service headless {service} (clusterIP: None): el DNS devuelve las IP de los pods listos; el cliente toma la primera de la respuesta barajada</translation>
    </message>
    <message>
        <source>Service {service} has no clusterIP yet</source>
        <translation>el Service {service} aún no tiene clusterIP</translation>
    </message>
    <message>
        <source>Ingress {ingress} names host {host}; its address is the {controller} controller&apos;s LoadBalancer IP (Service {service})</source>
        <translation>el Ingress {ingress} nombra el host {host}; su dirección es la IP de LoadBalancer del controlador {controller} (Service {service})</translation>
    </message>
    <message>
        <source>Ingress {ingress} names host {host}; resolved to the controller Service {service} ClusterIP</source>
        <translation>el Ingress {ingress} nombra el host {host}; resuelto a la ClusterIP del Service del controlador {service}</translation>
    </message>
    <message>
        <source>iptables: endpoint {index} of {count} picked at random (probability 1/{count})</source>
        <translation>iptables: endpoint {index} de {count} elegido al azar (probabilidad 1/{count})</translation>
    </message>
    <message>
        <source>IPVS round-robin: real server {index} of {count}</source>
        <translation>IPVS round-robin: servidor real {index} de {count}</translation>
    </message>
    <message>
        <source>sessionAffinity ClientIP pins {client} to it for {timeout}s</source>
        <translation>sessionAffinity ClientIP fija {client} a él durante {timeout}s</translation>
    </message>
    <message>
        <source>{count} ready, {index} of {count} picked (load balanced evenly)</source>
        <translation>{count} listos, elegido el {index} de {count} (carga repartida por igual)</translation>
    </message>
    <message>
        <source>headless Service {service} has no ready endpoints, so {fqdn} has no A records</source>
        <translation>el Service headless {service} no tiene endpoints listos, así que {fqdn} no tiene registros A</translation>
    </message>
    <message>
        <source>could not resolve {host}: headless Service {service} has no ready endpoints</source>
        <translation>no se pudo resolver {host}: el Service headless {service} no tiene endpoints listos</translation>
    </message>
    <message>
        <source>Ingress {ingress} names host {host}; the {controller} controller Service {service} has no external IP, so DNS points at node {node} and clients use nodePort {node_port}</source>
        <translation>el Ingress {ingress} nombra el host {host}; el Service {service} del controlador {controller} no tiene IP externa, así que el DNS apunta al nodo {node} y los clientes usan el nodePort {node_port}</translation>
    </message>
    <message>
        <source>source {source}: must be &apos;internet&apos; or NAMESPACE/POD</source>
        <translation>origen {source}: debe ser &apos;internet&apos; o NAMESPACE/POD</translation>
    </message>
    <message>
        <source>source pod &quot;{pod}&quot; not found</source>
        <translation>no se encuentra el pod de origen &quot;{pod}&quot;</translation>
    </message>
    <message>
        <source>source pod &quot;{pod}&quot; is not running (phase {phase}, no pod IP)</source>
        <translation>el pod de origen &quot;{pod}&quot; no está en ejecución (fase {phase}, sin IP de pod)</translation>
    </message>
    <message>
        <source>url {url}: scheme must be http or https</source>
        <translation>url {url}: el esquema debe ser http o https</translation>
    </message>
    <message>
        <source>url {url}: no host</source>
        <translation>url {url}: falta el host</translation>
    </message>
    <message>
        <source>url {url}: port must be a number between 1 and 65535</source>
        <translation>url {url}: el puerto debe ser un número entre 1 y 65535</translation>
    </message>
    <message>
        <source>client</source>
        <translation>cliente</translation>
    </message>
    <message>
        <source>dns</source>
        <translation>dns</translation>
    </message>
    <message>
        <source>load-balancer</source>
        <translation>balanceador</translation>
    </message>
    <message>
        <source>node</source>
        <translation>nodo</translation>
    </message>
    <message>
        <source>kube-proxy</source>
        <translation>kube-proxy</translation>
    </message>
    <message>
        <source>overlay</source>
        <translation>overlay</translation>
    </message>
    <message>
        <source>network-policy</source>
        <translation>network-policy</translation>
    </message>
    <message>
        <source>ingress-controller</source>
        <translation>controlador ingress</translation>
    </message>
    <message>
        <source>pod</source>
        <translation>pod</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>descartada</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>rechazada</translation>
    </message>
</context>
<context>
    <name>TracePanel</name>
    <message>
        <source>Traffic ▸ Send request… routes one request and shows every hop here.</source>
        <translation>Tráfico ▸ Enviar petición… enruta una petición y muestra aquí cada salto.</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Paso</translation>
    </message>
    <message>
        <source>At</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
    <message>
        <source>Ingress {0}</source>
        <translation>Ingress {0}</translation>
    </message>
    <message>
        <source>Service {0}</source>
        <translation>Service {0}</translation>
    </message>
    <message>
        <source>Pod {0}</source>
        <translation>Pod {0}</translation>
    </message>
    <message>
        <source>internet</source>
        <translation>internet</translation>
    </message>
</context>
<context>
    <name>TrafficActions</name>
    <message>
        <source>the internet (external client)</source>
        <translation>internet (cliente externo)</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Desde:</translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation>Peticiones:</translation>
    </message>
    <message>
        <source>Send request</source>
        <translation>Enviar petición</translation>
    </message>
    <message>
        <source>Traffic routing is not available in this build.</source>
        <translation>El enrutamiento de tráfico no está disponible en esta versión.</translation>
    </message>
    <message>
        <source>Generate load</source>
        <translation>Generar carga</translation>
    </message>
    <message>
        <source>{0} requests to {1} — {2}</source>
        <translation>{0} peticiones a {1} — {2}</translation>
    </message>
</context>
</TS>
